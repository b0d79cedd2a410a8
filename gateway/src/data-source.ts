/**
 * How the gateway talks to one department's subgraph: it forwards the caller's verified token and
 * turns an unreachable or slow department into DEPARTMENT_UNAVAILABLE naming that department, so
 * the other departments' fields still come back (partial data, never a blank page).
 *
 * An entity fetch to a department that is down is answered here with each asked field null and
 * the error, instead of a failed fetch: the query plan then goes on, and a later fetch that
 * `@requires` those fields (civil affairs' `eligibility` needs every department's program answers)
 * still runs and says which department is missing, rather than being skipped by the planner.
 */
import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { DocumentNode, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode, parse } from 'graphql';
import { Department } from '../../shared/departments';
import { REQUEST_ID_HEADER, REQUEST_ID_SIGNATURE_HEADER, signRequestId } from '../../shared/request-context';
import { log } from '../../shared/logging';
import type { GatewayContext } from './context';

export class DepartmentDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly department: Department,
    url: string,
    private readonly timeoutMs: number,
    /** the key the subgraphs check request ids with */
    private readonly signingKey: string,
  ) {
    // Node's own fetch (undici) instead of the default make-fetch-happen: less CPU per subgraph call
    super({ url, fetcher: fetch as any });
  }

  willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if (context?.authorization) request.http?.headers.set('authorization', context.authorization);
    if (context?.requestId) {
      request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
      request.http?.headers.set(
        REQUEST_ID_SIGNATURE_HEADER,
        signRequestId(context.requestId, this.signingKey),
      );
    }
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const http = options.request.http as any;
    if (http) http.signal = AbortSignal.timeout(this.timeoutMs);
    try {
      return await super.process(options);
    } catch (e) {
      if (e instanceof GraphQLError && e.extensions?.code !== 'DOWNSTREAM_SERVICE_ERROR') {
        const unreachable = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|aborted|timeout|fetch failed|socket hang up/i;
        if (!unreachable.test(e.message) && !unreachable.test(String((e.originalError as any)?.cause ?? '')))
          throw e;
      }
      log.warn('department unavailable', { department: this.department, cause: (e as Error).message });
      const error = new GraphQLError(`department ${this.department} is unavailable`, {
        extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: this.department },
      });
      // the planner keeps fetch documents only when asked to; on this rare path parsing is cheap
      const document =
        ('document' in options ? options.document : undefined) ??
        (options.request.query ? parse(options.request.query) : undefined);
      const entities = nullEntities(document, options.request.variables?.representations);
      if (!entities) throw error;
      return { data: { _entities: entities }, errors: [error] };
    }
  }
}

/** For an `_entities` fetch: one object per representation with every asked field null. */
function nullEntities(document: DocumentNode | undefined, representations: unknown): object[] | undefined {
  if (!document || !Array.isArray(representations)) return undefined;
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const root = operation?.selectionSet.selections[0];
  if (!root || root.kind !== Kind.FIELD || root.name.value !== '_entities' || !root.selectionSet)
    return undefined;
  const fieldsByType = new Map<string, string[]>();
  const collect = (type: string, set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD && selection.name.value !== '__typename') {
        fieldsByType.set(type, [
          ...(fieldsByType.get(type) ?? []),
          selection.alias?.value ?? selection.name.value,
        ]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.typeCondition?.name.value ?? type, selection.selectionSet);
      }
    }
  };
  collect('', root.selectionSet);
  return representations.map((r: any) => ({
    __typename: r.__typename,
    ...Object.fromEntries((fieldsByType.get(r.__typename) ?? []).map((f) => [f, null])),
  }));
}
