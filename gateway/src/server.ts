import { ApolloGateway } from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { ServiceCredential, createTokenVerifier } from '../../shared/auth';
import { DEPARTMENTS, Department, departmentOfSubgraph } from '../../shared/departments';
import { AppError } from '../../shared/errors';
import { GraphQLService, Readiness, createGraphQLService, introspectionAllowed } from '../../shared/http';
import { log } from '../../shared/logging';
import { Metrics } from '../../shared/metrics';
import type { GatewayConfig } from './config';
import { GatewayContext, SubscriberContext, createContext } from './context';
import { disclosurePlugin } from './disclosure';
import { httpConformancePlugin } from './http-conformance';
import { DepartmentDataSource } from './data-source';
import { operationLimitRules, operationParseOptions } from './limits';
import { pageRoutes } from './pages';
import { rateLimit } from './rate-limit';
import { reportRoutes, reportTimeoutPlugin } from './reports';
import { SUBSCRIPTIONS } from './subscriptions';
import { EventFeed } from './subscriptions/event-feed';
import { installSubscriptions, subscribe } from './subscriptions/install-subscriptions';
import { SocketUpkeep, guardWebSocket } from './websocket';

/** Builds the gateway over a composed supergraph. No side effects until `listen`. */
export function createGatewayServer(config: GatewayConfig, supergraphSdl: string): GraphQLService {
  const verify = createTokenVerifier(config);
  const metrics = new Metrics('gateway', config.METRICS_TOKEN);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const department = departmentOfSubgraph(name);
      if (!department) throw new Error(`supergraph names an unknown subgraph ${name}`);
      return new DepartmentDataSource(
        department,
        config.subgraphUrls[department],
        config.subgraphTimeoutMs,
        config,
        metrics,
      );
    },
  });
  const feed = new EventFeed(
    config.subgraphUrls[Department.CIVIL_AFFAIRS],
    config.subgraphTimeoutMs,
    // the gateway's own credential, re-signed only when it nears expiry (not once per long poll)
    new ServiceCredential(config, Department.CIVIL_AFFAIRS, 'gateway-event-feed'),
    config.eventPollMs,
    config.limits.websocket.replayLimit,
  );
  const observeLag = metrics.eventFeedLag();
  feed.subscribe((event) => observeLag(new Date(event.at)));
  let subscriptions: GraphQLSchema | undefined;
  let notInstalled: Error | undefined;
  // registered before Apollo starts the gateway, so the first load is seen too; @apollo/gateway only
  // logs what a listener throws, so the error is kept and `attach` throws it: start-up fails loudly
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    try {
      subscriptions = installSubscriptions(apiSchema, SUBSCRIPTIONS, feed, (query, variables, context) =>
        service.execute!(query, variables, context),
      );
      notInstalled = undefined;
    } catch (e) {
      notInstalled = e as Error;
      log.error('subscriptions not installed over the new schema', { error: notInstalled.message });
    }
  });
  const admit = rateLimit(config.limits.rateLimit);
  const service: GraphQLService = createGraphQLService<GatewayContext>({
    name: 'gateway',
    requestIds: { mint: true },
    apollo: {
      gateway,
      introspection: introspectionAllowed(config),
      validationRules: operationLimitRules(config.limits.operation),
      parseOptions: operationParseOptions(config.limits.operation),
      plugins: [
        disclosurePlugin(),
        httpConformancePlugin(),
        reportTimeoutPlugin(config.reportSubgraphTimeoutMs),
      ],
      // identity is a bearer token, never a cookie: a page on another site cannot send it, so
      // Apollo's CSRF guard (which refuses GET queries without a preflight header) protects nothing
      csrfPrevention: false,
    },
    context: (req) => createContext(req, verify),
    readiness: () => subgraphReadiness(config),
    maxBodyBytes: config.limits.maxBodyBytes,
    admit,
    routes: (app) => {
      pageRoutes(app, config.NODE_ENV !== 'production');
      // the monthly tables as files: the same query under the caller's token, written page by page
      reportRoutes(verify, () => service.execute!, admit)(app);
    },
    metrics,
    attach: (httpServer) => {
      if (!subscriptions) throw notInstalled ?? new Error('the gateway started without an API schema');
      // a frame over maxPayload (even before connection_init) closes the socket with 1009; messages
      // are small and many: compressing each for each socket would cost more than it saves
      const wss = new WebSocketServer({
        server: httpServer,
        path: '/graphql',
        maxPayload: config.limits.websocket.maxPayloadBytes,
        perMessageDeflate: false,
      });
      const upkeep = new SocketUpkeep(wss);
      // admitted connections, for the metrics: each holds its subscriptions (ids graphql-ws reserved)
      const connections = new Set<{ subscriptions: Record<string, unknown> }>();
      metrics.gauge('gateway_websocket_connections', 'Open WebSocket connections', () => wss.clients.size);
      metrics.gauge('gateway_subscriptions_active', 'Subscriptions running on admitted connections', () =>
        [...connections].reduce((n, c) => n + Object.keys(c.subscriptions).length, 0),
      );
      const server = useServer<Record<string, unknown>, { subscriber?: SubscriberContext }>(
        guardWebSocket(config.limits, upkeep, {
          schema: () => subscriptions!,
          onConnect: async (ctx) => {
            const authorization = String(
              ctx.connectionParams?.authorization ?? ctx.extra.request.headers.authorization ?? '',
            );
            try {
              const principal = await verify(authorization);
              // subscriptions are for staff; a citizen token opens myAccessLog only
              if (!principal.identity) return false;
              // one context for the connection's life, holding the verified claims and not the token
              // (payload queries are shared by scope, not told apart by token)
              ctx.extra.subscriber = {
                identity: principal.identity,
                principal: { identity: principal.identity },
                authorization: '',
                requestId: undefined,
              };
              connections.add(ctx);
              ctx.extra.socket.once('close', () => connections.delete(ctx));
              return true;
            } catch (e) {
              log.info('websocket refused', { reason: e instanceof AppError ? e.message : String(e) });
              return false;
            }
          },
          context: (ctx) => ctx.extra.subscriber!,
          subscribe,
        }),
        wss,
        // keep-alive pings are SocketUpkeep's one timer, not graphql-ws' timers per connection
        0,
      );
      feed.start();
      return async () => {
        feed.stop();
        upkeep.stop();
        // graphql-ws closes every socket with 1001 Going Away, a code its clients retry on
        await server.dispose();
        await new Promise((resolve) => wss.close(resolve));
      };
    },
  });
  return service;
}

/** Ready only when every department's subgraph answers its own /readyz. */
async function subgraphReadiness(config: GatewayConfig): Promise<Readiness> {
  const checks: Record<string, string> = {};
  const warnings: string[] = [];
  await Promise.all(
    DEPARTMENTS.map(async ({ department, subgraph }) => {
      const url = config.subgraphUrls[department].replace(/\/graphql\/?$/, '/readyz');
      try {
        const res = await fetch(url, {
          signal: AbortSignal.timeout(Math.min(config.subgraphTimeoutMs, 2000)),
        });
        checks[subgraph] = res.ok ? 'ok' : `HTTP ${res.status}`;
        // a subgraph's warnings for the administrator (e.g. the working-day calendar running out)
        const body = (await res.json().catch(() => ({}))) as { warnings?: unknown };
        if (Array.isArray(body.warnings))
          warnings.push(
            ...body.warnings
              .filter((w): w is string => typeof w === 'string')
              .map((w) => `${subgraph}: ${w}`),
          );
      } catch (e) {
        // the cause goes to the log: /readyz is public and must not show hosts, ports or internals
        log.warn('readiness: subgraph unreachable', { subgraph, error: (e as Error).message });
        checks[subgraph] = 'unreachable';
      }
    }),
  );
  return {
    ready: Object.values(checks).every((c) => c === 'ok'),
    checks,
    ...(warnings.length ? { warnings } : {}),
  };
}
