/**
 * How the gateway talks to one department's subgraph: it signs each request for that subgraph with
 * the caller it verified and the exact body (shared/internal-auth.ts; the user's own token never
 * leaves the gateway), and turns an unreachable or slow department into DEPARTMENT_UNAVAILABLE naming that department, so
 * the other departments' fields still come back (partial data, never a blank page).
 *
 * An entity fetch to a department that is down is answered here with each asked field null and
 * the error, instead of a failed fetch: the query plan then goes on, and a later fetch that
 * `@requires` those fields (civil affairs' `eligibility` needs every department's program answers)
 * still runs and says which department is missing, rather than being skipped by the planner.
 */
import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { DocumentNode, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode, parse } from 'graphql';
import type { InternalAuthConfig, Principal } from '../../shared/auth';
import { Department, departmentInfo } from '../../shared/departments';
import { ID_NUMBERS_EXTENSION } from '../../shared/disclosure';
import { signGatewayRequest } from '../../shared/internal-auth';
import { collectIdNumbers } from './disclosure';
import { REQUEST_ID_HEADER, REQUEST_ID_SIGNATURE_HEADER, signRequestId } from '../../shared/request-context';
import { log } from '../../shared/logging';
import type { Metrics } from '../../shared/metrics';
import type { GatewayContext } from './context';
import { SubgraphFetch, SubgraphRequestInit, subgraphFetch } from './subgraph-http';

const PRINCIPAL_HEADER = 'x-gateway-principal';
/** the operation's own time limit for this request (gateway/src/reports.ts); never leaves the gateway */
const TIMEOUT_HEADER = 'x-gateway-timeout-ms';

export class DepartmentDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly audience: string;
  private readonly send: SubgraphFetch;

  constructor(
    readonly department: Department,
    url: string,
    timeoutMs: number,
    /** the key shared with the subgraphs alone */
    private readonly internal: InternalAuthConfig,
    private readonly metrics?: Metrics,
  ) {
    // a plain node:http client with kept-alive connections instead of the default make-fetch-happen
    // or Node's fetch: less CPU per subgraph call (gateway/src/subgraph-http.ts)
    super({ url, fetcher: ((u: string, init: any) => this.signedFetch(u, init)) as any });
    this.audience = departmentInfo(department).subgraph;
    this.send = subgraphFetch(url, timeoutMs);
  }

  /** Signs the request for this subgraph over the body exactly as it is sent. */
  private async signedFetch(url: string, init: SubgraphRequestInit) {
    const pending = init.headers[PRINCIPAL_HEADER];
    delete init.headers[PRINCIPAL_HEADER];
    const timeout = init.headers[TIMEOUT_HEADER];
    delete init.headers[TIMEOUT_HEADER];
    if (timeout) init.timeoutMs = Number(timeout);
    delete init.headers.authorization;
    if (pending) {
      init.headers.authorization = await signGatewayRequest(
        JSON.parse(pending) as Principal,
        this.audience,
        String(init.body ?? ''),
        this.internal,
      );
    }
    return this.send(url, init);
  }

  willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    // the fetcher signs once the body is final; this header never leaves the gateway
    if (context?.principal) request.http?.headers.set(PRINCIPAL_HEADER, JSON.stringify(context.principal));
    if (context?.subgraphTimeoutMs)
      request.http?.headers.set(TIMEOUT_HEADER, String(context.subgraphTimeoutMs));
    if (context?.requestId) {
      request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
      request.http?.headers.set(
        REQUEST_ID_SIGNATURE_HEADER,
        signRequestId(context.requestId, this.internal.GATEWAY_SIGNING_KEY),
      );
    }
  }

  /** The ID-number report is for the gateway alone: kept for the request, not passed on. */
  async didReceiveResponse({
    response,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0]) {
    if (response.extensions?.[ID_NUMBERS_EXTENSION]) {
      collectIdNumbers(context, response.extensions);
      delete response.extensions[ID_NUMBERS_EXTENSION];
    }
    return response;
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    // the time limit is the fetcher's (timeoutMs): RemoteGraphQLDataSource passes no signal on
    const fetched = this.metrics?.timeSubgraphFetch(this.department);
    try {
      const response = await super.process(options);
      fetched?.('ok');
      return response;
    } catch (e) {
      if (e instanceof GraphQLError && e.extensions?.code !== 'DOWNSTREAM_SERVICE_ERROR') {
        const unreachable = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|aborted|timeout|fetch failed|socket hang up/i;
        if (
          !unreachable.test(e.message) &&
          !unreachable.test(String((e.originalError as any)?.cause ?? ''))
        ) {
          fetched?.('error');
          throw e;
        }
      }
      fetched?.('unavailable');
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
