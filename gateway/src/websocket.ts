/**
 * The gateway's guards on its graphql-ws server (README "Abuse limits"), wrapped around the options
 * it is built with: a subscription obeys the same operation limits as a query over HTTP, one
 * connection holds a bounded number of subscriptions, a socket that has not said connection_init in
 * time is closed, and so is one whose token has expired (4401). Errors reach the client formatted
 * as over HTTP (coded, no internals). The frame size limit is the WebSocketServer's `maxPayload`.
 */
import { ExecutionArgs, GraphQLError, parse, specifiedRules, validate } from 'graphql';
import type { ConnectionInitMessage, ServerOptions } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import { decodeJwt } from 'jose';
import { formatError } from '../../shared/graphql-errors';
import type { GatewayLimits } from './config';
import { operationLimitRules, operationParseOptions } from './limits';

/** The close code for a connection whose token has expired (4401, as 401 over HTTP). */
export const TOKEN_EXPIRED = 4401;

/** setTimeout's longest delay; a later expiry is scheduled in steps */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

export function guardWebSocket<P extends ConnectionInitMessage['payload'], E extends Extra>(
  limits: GatewayLimits,
  options: ServerOptions<P, E>,
): ServerOptions<P, E> {
  const rules = [...specifiedRules, ...operationLimitRules(limits.operation)];
  const parseOptions = operationParseOptions(limits.operation);
  const { maxSubscriptions, initTimeoutMs } = limits.websocket;
  return {
    ...options,
    connectionInitWaitTimeout: options.connectionInitWaitTimeout ?? initTimeoutMs,
    onConnect: async (ctx) => {
      const admitted = await options.onConnect?.(ctx);
      if (admitted !== false)
        closeWhenExpired(ctx.extra.socket, (ctx.extra as { authorization?: string }).authorization);
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
      let document;
      try {
        document = parse(payload.query, parseOptions);
      } catch (e) {
        return [coded(e as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
      }
      const args = { operationName: payload.operationName, document, variableValues: payload.variables };
      const schema =
        typeof options.schema === 'function' ? await options.schema(ctx, id, payload, args) : options.schema!;
      const errors = validate(schema, document, rules);
      if (errors.length) return errors.map((e) => coded(e, 'GRAPHQL_VALIDATION_FAILED'));
      return { ...args, schema } satisfies ExecutionArgs;
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

/** Closes the socket with 4401 when the token it was opened with expires (its `exp`, already verified). */
function closeWhenExpired(socket: Extra['socket'], authorization: string | undefined) {
  let expiresAt: number | undefined;
  try {
    expiresAt = decodeJwt((authorization ?? '').replace(/^Bearer\s+/i, '')).exp;
  } catch {
    return;
  }
  if (typeof expiresAt !== 'number') return;
  let timer: NodeJS.Timeout;
  const schedule = () => {
    const left = expiresAt! * 1000 - Date.now();
    timer = setTimeout(
      () => (left > LONGEST_TIMER_MS ? schedule() : socket.close(TOKEN_EXPIRED, 'token expired')),
      Math.max(0, Math.min(left, LONGEST_TIMER_MS)),
    );
    timer.unref();
  };
  schedule();
  socket.once('close', () => clearTimeout(timer));
}
