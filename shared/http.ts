/**
 * Servers are values (STYLE.md habit 7): `createGraphQLService` builds an Express 5 app with Apollo
 * Server on `/graphql` plus `/healthz` and `/readyz` on one node:http server, and listens only when
 * asked. Used by every subgraph and by the gateway.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { AppError } from './errors';
import { formatError, toGraphQLError } from './graphql-errors';
import { log } from './logging';
import type { Metrics } from './metrics';
import { runBeforeAnswer, withRequestId } from './request-context';
import { isDraining } from './shutdown';

/** Introspection answers while developing and testing, never in production (gateway and subgraphs). */
export function introspectionAllowed(config: { NODE_ENV: string }): boolean {
  return config.NODE_ENV !== 'production';
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, string>;
  /** what an administrator should act on soon (e.g. the working-day calendar running out) */
  warnings?: string[];
}

export interface GraphQLServiceOptions<TContext extends BaseContext> {
  name: string;
  apollo: Omit<ApolloServerOptions<TContext>, 'formatError' | 'plugins'> & {
    plugins?: ApolloServerPlugin<TContext>[];
  };
  context: (req: express.Request) => Promise<TContext>;
  readiness: () => Promise<Readiness>;
  /** extra routes, mounted before /graphql */
  routes?: (app: express.Express) => void;
  /** request ids: the gateway mints them; a subgraph adopts only ids signed with this key */
  requestIds: { mint: true } | { key: string };
  /** called once the HTTP server exists, e.g. to attach a WebSocket server; returns a disposer */
  attach?: (server: http.Server) => (() => Promise<void>) | void;
  /** largest JSON body of a POST /graphql (default 2 MiB); a bigger one is 413 PAYLOAD_TOO_LARGE */
  maxBodyBytes?: number;
  /**
   * Runs once the request's context is made (undefined when making it failed, e.g. no valid token)
   * and throws a GraphQLError to refuse the request before it runs: the gateway's rate limit.
   */
  admit?: (req: express.Request, context: TContext | undefined) => void;
  /** this server's metrics: counted by their plugin, served on GET /metrics (shared/metrics.ts) */
  metrics?: Metrics;
}

export interface GraphQLService {
  httpServer: http.Server;
  /** runs an operation in-process, as if it came over HTTP with this context */
  execute?(
    query: string,
    variables: Record<string, unknown>,
    contextValue: any,
  ): Promise<{ data?: any; errors?: readonly any[] }>;
  listen(port: number, host: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

export function createGraphQLService<TContext extends BaseContext>(
  options: GraphQLServiceOptions<TContext>,
): GraphQLService {
  const app = express();
  app.disable('x-powered-by');
  app.use(withRequestId(options.requestIds));
  const httpServer = http.createServer(app);
  const disposers: Array<() => Promise<void>> = [];
  const apollo = new ApolloServer<TContext>({
    ...(options.apollo as ApolloServerOptions<TContext>),
    formatError,
    includeStacktraceInErrorResponses: false,
    // our own signal handlers stop the server once; Apollo's would stop it a second time and hang
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...(options.metrics ? [options.metrics.plugin()] : []),
      ...(options.apollo.plugins ?? []),
      // what the request's writes left for before its answer (request-context's `beforeAnswer`)
      { requestDidStart: async () => ({ willSendResponse: () => runBeforeAnswer() }) },
    ],
  } as ApolloServerOptions<TContext>);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.name });
  });
  app.get('/readyz', async (_req, res) => {
    // stopping: no new work should come here, though requests are still answered for a moment
    if (isDraining()) {
      res.status(503).json({ service: options.name, ready: false, checks: { self: 'stopping' } });
      return;
    }
    // the cause goes to the log: a client learns that the service is not ready, not why in detail
    const report = await options.readiness().catch((e) => {
      log.warn('not ready', { error: String(e) });
      return { ready: false, checks: { self: 'unavailable' } };
    });
    res.status(report.ready ? 200 : 503).json({ service: options.name, ...report });
  });
  options.routes?.(app);
  options.metrics?.route(app);

  let started = false;
  return {
    httpServer,
    async execute(query, variables, contextValue) {
      const response = await apollo.executeOperation({ query, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not used here');
      return response.body.singleResult;
    },
    async listen(port, host) {
      if (!started) {
        await apollo.start();
        started = true;
        app.use(
          '/graphql',
          // the raw body is kept: a subgraph checks the gateway's signature over it
          express.json({
            limit: options.maxBodyBytes ?? '2mb',
            verify: (req, _res, buf) => void ((req as { rawBody?: Buffer }).rawBody = buf),
          }),
          // DataLoaders report their batches to this server's metrics (shared/loaders.ts)
          ...(options.metrics ? [options.metrics.scope()] : []),
          expressMiddleware(apollo, {
            context: async ({ req }) => {
              let context: TContext;
              try {
                context = await options.context(req);
              } catch (e) {
                options.admit?.(req, undefined);
                throw e instanceof AppError ? toGraphQLError(e) : e;
              }
              options.admit?.(req, context);
              return context;
            },
          }),
        );
        app.use(requestErrors);
        const dispose = options.attach?.(httpServer);
        if (dispose) disposers.push(dispose);
      }
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve();
        });
      });
      const actual = (httpServer.address() as AddressInfo).port;
      const shownHost = host === '0.0.0.0' || host === '127.0.0.1' || host === '::' ? 'localhost' : host;
      return { port: actual, url: `http://${shownHost}:${actual}/graphql` };
    },
    async close() {
      for (const dispose of disposers.splice(0)) await dispose();
      if (started) await apollo.stop();
      else if (httpServer.listening) await new Promise((r) => httpServer.close(r));
    },
  };
}

/**
 * What fails before Apollo sees the request (a body over the limit, JSON that does not parse) as a
 * GraphQL error in JSON, not Express' HTML error page.
 */
function requestErrors(
  error: { status?: number; type?: string; limit?: number },
  _req: express.Request,
  res: express.Response,
  next: express.NextFunction,
): void {
  if (res.headersSent) return next(error);
  const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
  const [code, message] =
    error.type === 'entity.too.large'
      ? ['PAYLOAD_TOO_LARGE', `the request body is over the limit of ${error.limit} bytes`]
      : error.type === 'entity.parse.failed'
        ? ['BAD_REQUEST', 'the request body is not valid JSON']
        : status < 500
          ? ['BAD_REQUEST', 'the request could not be read']
          : ['INTERNAL_SERVER_ERROR', 'internal error; it has been logged'];
  if (status === 500) log.error('request failed before GraphQL', { error: String(error) });
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}
