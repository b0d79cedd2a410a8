/**
 * The one guard: before a subgraph runs an operation, every root field it asks for is checked
 * against the access policy (shared/access-policy.ts) for the caller the request was signed for —
 * department and role, service credential, or citizen — and every argument the policy says names a
 * region must lie in the caller's region. Nothing runs unless every root field passes.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  FieldNode,
  GraphQLError,
  GraphQLObjectType,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';
import { Caller, OPERATIONS, refusal } from './access-policy';
import type { Citizen, Identity } from './auth';
import { isWithinRegion } from './regions';

function forbidden(message: string): GraphQLError {
  // 200: the gateway passes the refusal on as an error of that field, not as a department fault
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 200 } } });
}

export function callerOf(context: { identity?: Identity; citizen?: Citizen }): Caller {
  if (context.citizen) return { kind: 'citizen' };
  const identity = context.identity!;
  if (identity.service) return { kind: 'service', department: identity.department };
  return { kind: 'staff', department: identity.department, role: identity.role };
}

/** The root fields an operation asks for, through fragments. */
function rootFields(
  set: SelectionSetNode,
  fragments: Record<string, { selectionSet: SelectionSetNode }>,
  out: FieldNode[] = [],
): FieldNode[] {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) rootFields(s.selectionSet, fragments, out);
    else if (fragments[s.name.value]) rootFields(fragments[s.name.value].selectionSet, fragments, out);
  }
  return out;
}

/** Throws FORBIDDEN naming the first root field the caller may not ask for. */
export function checkOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, { selectionSet: SelectionSetNode }>,
  variables: Record<string, unknown>,
  context: { identity?: Identity; citizen?: Citizen },
): void {
  const caller = callerOf(context);
  const type =
    operation.operation === 'mutation' ? 'Mutation' : operation.operation === 'query' ? 'Query' : null;
  const root = type ? (schema.getType(type) as GraphQLObjectType | undefined) : undefined;
  if (!type || !root) throw forbidden(`${operation.operation} operations are not served here`);
  for (const field of rootFields(operation.selectionSet, fragments)) {
    const name = field.name.value;
    if (name === '__typename') continue;
    const coordinate = `${type}.${name}`;
    const why = refusal(coordinate, caller);
    if (why) throw forbidden(why);
    const rule = OPERATIONS[coordinate];
    if (!rule.regionArgs || caller.kind !== 'staff') continue;
    const definition = root.getFields()[name];
    if (!definition) continue;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(definition, field, variables);
    } catch {
      continue; // bad arguments: execution reports them, naming the field
    }
    for (const arg of rule.regionArgs) {
      const code = args[arg];
      if (typeof code === 'string' && !isWithinRegion(code, context.identity!.region))
        throw forbidden(
          `${name}: region ${code} (${arg}) is outside your region ${context.identity!.region}`,
        );
    }
  }
}

export function accessGuardPlugin(): ApolloServerPlugin<{ identity?: Identity; citizen?: Citizen }> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, document, request, contextValue }) {
          const fragments = Object.fromEntries(
            document.definitions
              .filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
              .map((d) => [(d as any).name.value, d as any]),
          );
          if (operation) checkOperation(schema, operation, fragments, request.variables ?? {}, contextValue);
        },
      };
    },
  };
}
