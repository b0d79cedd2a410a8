/**
 * The gateway's query plan for an operation, as @apollo/gateway makes it from the checked-in
 * supergraph: which subgraph is fetched, in what order, with which representations. Used by
 * `npm run plan` and by tests that hold the read path to one planned fetch per department.
 */
import { Operation, Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlan, QueryPlanner, prettyFormatQueryPlan } from '@apollo/query-planner';
import { parse } from 'graphql';

export function queryPlanner(supergraphSdl: string) {
  const supergraph = Supergraph.build(supergraphSdl);
  const planner = new QueryPlanner(supergraph);
  return {
    plan(document: string, operationName?: string): QueryPlan {
      const operation: Operation = operationFromDocument(supergraph.schema, parse(document), {
        operationName,
      });
      return planner.buildQueryPlan(operation);
    },
    format: (plan: QueryPlan) => prettyFormatQueryPlan(plan),
  };
}

/** Every fetch of a plan, in plan order: [subgraph, …]. */
export function fetchesOf(plan: QueryPlan): string[] {
  const out: string[] = [];
  const walk = (node: any): void => {
    if (!node) return;
    if (node.kind === 'Fetch') out.push(node.serviceName);
    for (const child of node.nodes ?? []) walk(child);
    walk(node.node);
    walk(node.main);
    walk(node.deferred);
    walk(node.ifClause);
    walk(node.elseClause);
  };
  walk(plan.node);
  return out;
}
