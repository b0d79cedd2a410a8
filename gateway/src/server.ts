import { ApolloGateway } from '@apollo/gateway';
import { DEPARTMENTS, departmentOfSubgraph } from '../../shared/departments';
import { GraphQLService, Readiness, createGraphQLService } from '../../shared/http';
import type { GatewayConfig } from './config';
import { GatewayContext, createContext } from './context';
import { DepartmentDataSource } from './data-source';

/** Builds the gateway over a composed supergraph. No side effects until `listen`. */
export function createGatewayServer(config: GatewayConfig, supergraphSdl: string): GraphQLService {
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const department = departmentOfSubgraph(name);
      if (!department) throw new Error(`supergraph names an unknown subgraph ${name}`);
      return new DepartmentDataSource(department, config.subgraphUrls[department], config.subgraphTimeoutMs);
    },
  });
  return createGraphQLService<GatewayContext>({
    name: 'gateway',
    apollo: { gateway, introspection: true },
    context: (req) => createContext(req, config),
    readiness: () => subgraphReadiness(config),
  });
}

/** Ready only when every department's subgraph answers its own /readyz. */
async function subgraphReadiness(config: GatewayConfig): Promise<Readiness> {
  const checks: Record<string, string> = {};
  await Promise.all(
    DEPARTMENTS.map(async ({ department, subgraph }) => {
      const url = config.subgraphUrls[department].replace(/\/graphql\/?$/, '/readyz');
      try {
        const res = await fetch(url, {
          signal: AbortSignal.timeout(Math.min(config.subgraphTimeoutMs, 2000)),
        });
        checks[subgraph] = res.ok ? 'ok' : `HTTP ${res.status}`;
      } catch (e) {
        checks[subgraph] = `unreachable: ${(e as Error).message}`;
      }
    }),
  );
  return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
}
