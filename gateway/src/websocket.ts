/**
 * The gateway's guards on its graphql-ws server (README "Abuse limits"), wrapped around the options
 * it is built with: a subscription obeys the same operation limits as a query over HTTP, one
 * connection holds a bounded number of subscriptions, a socket that has not said connection_init in
 * time is closed, and so is one whose token has expired (4401). Errors reach the client formatted
 * as over HTTP (coded, no internals). The frame size limit is the WebSocketServer's `maxPayload`.
 *
 * Thousands of dashboards send the same few operations: each distinct text is parsed and validated
 * once per schema and its document shared, and the keep-alive pings and token expiries of every
 * socket are one timer for the whole server (`SocketUpkeep`), not two per connection.
 */
import {
  DocumentNode,
  ExecutionArgs,
  GraphQLError,
  GraphQLSchema,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import type { ConnectionInitMessage, ServerOptions } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import { decodeJwt } from 'jose';
import type { WebSocket, WebSocketServer } from 'ws';
import { formatError } from '../../shared/graphql-errors';
import type { GatewayLimits } from './config';
import { operationLimitRules, operationParseOptions } from './limits';

/** The close code for a connection whose token has expired (4401, as 401 over HTTP). */
export const TOKEN_EXPIRED = 4401;

/** distinct operation texts kept checked per schema; past this the oldest half is dropped */
const CHECKED_TEXTS = 1000;

/** An operation text as parsed and validated once: its shared document, or its errors. */
type Checked = { query: string; document: DocumentNode; errors?: undefined } | { errors: GraphQLError[] };

export function guardWebSocket<P extends ConnectionInitMessage['payload'], E extends Extra>(
  limits: GatewayLimits,
  upkeep: SocketUpkeep,
  options: ServerOptions<P, E>,
): ServerOptions<P, E> {
  const rules = [...specifiedRules, ...operationLimitRules(limits.operation)];
  const parseOptions = operationParseOptions(limits.operation);
  const { maxSubscriptions, initTimeoutMs } = limits.websocket;
  // a new schema (a supergraph update) starts afresh: its texts are checked against it
  const checkedBySchema = new WeakMap<GraphQLSchema, Map<string, Checked>>();
  const check = (schema: GraphQLSchema, query: string): Checked => {
    let checked = checkedBySchema.get(schema);
    if (!checked) checkedBySchema.set(schema, (checked = new Map()));
    let entry = checked.get(query);
    if (!entry) {
      entry = checkOperation(schema, query);
      if (checked.size >= CHECKED_TEXTS)
        for (const key of [...checked.keys()].slice(0, CHECKED_TEXTS / 2)) checked.delete(key);
      checked.set(query, entry);
    }
    return entry;
  };
  const checkOperation = (schema: GraphQLSchema, query: string): Checked => {
    let document;
    try {
      document = parse(query, parseOptions);
    } catch (e) {
      return { errors: [coded(e as GraphQLError, 'GRAPHQL_PARSE_FAILED')] };
    }
    const errors = validate(schema, document, rules);
    if (errors.length) return { errors: errors.map((e) => coded(e, 'GRAPHQL_VALIDATION_FAILED')) };
    return { query, document };
  };
  return {
    ...options,
    connectionInitWaitTimeout: options.connectionInitWaitTimeout ?? initTimeoutMs,
    onConnect: async (ctx) => {
      const admitted = await options.onConnect?.(ctx);
      if (admitted !== false) {
        const params = ctx.connectionParams as Record<string, unknown> | undefined;
        const authorization = String(params?.authorization ?? ctx.extra.request.headers.authorization ?? '');
        upkeep.closeWhenExpired(ctx.extra.socket, expiryOf(authorization));
        // the token is verified and its claims kept; its text is not needed for the connection's life
        if (params) delete params.authorization;
      }
      return admitted;
    },
    onSubscribe: async (ctx, id, payload) => {
      // graphql-ws has already reserved this subscription's id, so it is counted here
      if (Object.keys(ctx.subscriptions).length > maxSubscriptions)
        return [
          new GraphQLError(
            `at most ${maxSubscriptions} subscriptions on one connection; complete one before starting another`,
            { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: maxSubscriptions } },
          ),
        ];
      const custom = await options.onSubscribe?.(ctx, id, payload);
      if (custom) return custom;
      // graphql-ws' own parse closes the whole socket on a syntax error; this answers the subscribe
      // (the gateway's schema function reads none of its arguments: the document is not parsed yet)
      const schema =
        typeof options.schema === 'function'
          ? await options.schema(ctx, id, payload, undefined as never)
          : options.schema!;
      const checked = check(schema, payload.query);
      if (checked.errors) return checked.errors;
      // graphql-ws keeps the message for the subscription's life: it keeps the shared text, not its own copy
      (payload as { query: string }).query = checked.query;
      return {
        operationName: payload.operationName,
        document: checked.document,
        variableValues: payload.variables,
        schema,
      } satisfies ExecutionArgs;
    },
    onNext: (_ctx, _id, _payload, _args, result) =>
      result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : undefined,
    onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
  };
}

function coded(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions.code) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { code },
  });
}

/** The `exp` of an (already verified) bearer token, in epoch milliseconds, if it has one. */
function expiryOf(authorization: string): number | undefined {
  try {
    const { exp } = decodeJwt(authorization.replace(/^Bearer\s+/i, ''));
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One timer for every socket of a WebSocketServer (instead of graphql-ws' interval and timeout per
 * connection, and a timer per token): each `keepAliveMs` it pings every socket and terminates one
 * that did not answer the previous ping; each `tickMs` it closes with 4401 the sockets whose token
 * has expired.
 */
export class SocketUpkeep {
  private readonly expiries = new Map<WebSocket, number>();
  private readonly unanswered = new WeakSet<WebSocket>();
  private readonly timer: NodeJS.Timeout;
  private ticks = 0;

  constructor(
    private readonly wss: WebSocketServer,
    private readonly keepAliveMs = 12_000,
    private readonly tickMs = 500,
  ) {
    wss.on('connection', (socket) => socket.on('pong', () => this.unanswered.delete(socket)));
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref();
  }

  /** closes `socket` with 4401 `token expired` once `expiresAt` (epoch ms) has passed */
  closeWhenExpired(socket: WebSocket, expiresAt: number | undefined): void {
    if (expiresAt === undefined) return;
    this.expiries.set(socket, expiresAt);
    socket.once('close', () => this.expiries.delete(socket));
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick() {
    const now = Date.now();
    for (const [socket, expiresAt] of this.expiries)
      if (expiresAt <= now) {
        this.expiries.delete(socket);
        socket.close(TOKEN_EXPIRED, 'token expired');
      }
    if (++this.ticks * this.tickMs < this.keepAliveMs) return;
    this.ticks = 0;
    for (const socket of this.wss.clients) {
      if (socket.readyState !== socket.OPEN) continue;
      if (this.unanswered.has(socket)) {
        socket.terminate();
        continue;
      }
      this.unanswered.add(socket);
      socket.ping();
    }
  }
}
