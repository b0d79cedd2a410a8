/**
 * Turns thrown errors into what a client may see: coded errors keep their code and details, anything
 * unexpected becomes INTERNAL_SERVER_ERROR with no stack trace (the details go to the log).
 */
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { AppError, logDetail } from './errors';
import { log } from './logging';

const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'DEPARTMENT_UNAVAILABLE',
  // a subgraph whose database cannot be reached (isDatabaseUnreachable below); the gateway adds serviceName
  'SERVICE_UNAVAILABLE',
  // a field the caller is not shown (shared/disclosure.ts); the gateway moves it to extensions.withheld
  'WITHHELD',
  'AUDIT_NOT_RECORDED',
  // the gateway's abuse limits (README "Abuse limits")
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'TOO_MANY_SUBSCRIPTIONS',
  'REPLAY_LIMIT_EXCEEDED',
]);

/** An AppError as a GraphQLError (for places where Apollo needs a GraphQLError, e.g. context). */
export function toGraphQLError(error: AppError): GraphQLError {
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: {
      code: error.code,
      ...error.details,
      ...(error.httpStatus ? { http: { status: error.httpStatus } } : {}),
    },
  });
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = findAppError(error);
  if (original) {
    // e.g. why a department was unavailable: for the log, never for the client
    if (original.cause) log.warn(original.message, { code: original.code, cause: String(original.cause) });
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: original.code, ...original.details },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    const { stacktrace: _s, exception: _e, ...extensions } = formatted.extensions ?? {};
    const field =
      code === 'BAD_USER_INPUT' && !extensions.field ? variableField(formatted.message) : undefined;
    return { ...formatted, extensions: field ? { ...extensions, field } : extensions };
  }
  // a request-level GraphQL error without a code (e.g. "Must provide operation name …") is the client's;
  // one with another code (INTERNAL_SERVER_ERROR from a subgraph, say) is not, and is never echoed
  if (
    code === undefined &&
    !formatted.path &&
    error instanceof GraphQLError &&
    !(error.originalError && !(error.originalError instanceof GraphQLError))
  ) {
    return {
      message: formatted.message,
      locations: formatted.locations,
      extensions: { code: 'BAD_REQUEST' },
    };
  }
  if (isDatabaseUnreachable(error)) {
    log.warn('database unreachable', { path: formatted.path, cause: logDetail(error) });
    return {
      message: 'this department’s database cannot be reached now; try again shortly',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    };
  }
  if (isWriteCollision(error)) {
    log.warn('write collided with another', { path: formatted.path, cause: logDetail(error) });
    return {
      message: 'another change to the same records ran at the same moment; nothing was written; try again',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'CONFLICT', retry: true },
    };
  }
  log.error('unexpected error', {
    message: formatted.message,
    path: formatted.path,
    cause: error instanceof Error ? ((error as any).originalError?.stack ?? error.stack) : String(error),
  });
  return {
    message: 'internal error; it has been logged',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/**
 * The field a variable coercion error is about, from graphql-js's message (`Variable "$i" got invalid
 * value … at "i.household.size"; …`): the path inside the variable, else the variable itself.
 */
export function variableField(message: string): string | undefined {
  const match = /^Variable "\$([A-Za-z_][\w]*)" (?:got invalid value .*? at "([^"]+)"|)/s.exec(message);
  if (!match) return undefined;
  return match[2] ?? match[1];
}

function findAppError(error: unknown): AppError | undefined {
  let current: any = error;
  for (let i = 0; current && i < 5; i++) {
    if (current instanceof AppError) return current;
    current = current.originalError ?? current.cause;
  }
  return undefined;
}

/** node-postgres' and PostgreSQL's ways of saying the server is not there (or is going away) */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '08000',
  '08001',
  '08003',
  '08006',
]);
// the last: TypeORM's answer to a transaction's next statement once its connection has died under it
const UNREACHABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|query runner was already released/i;

/** A failure of the database connection rather than of the statement: the request may be tried again. */
export function isDatabaseUnreachable(error: unknown): boolean {
  let current: any = error;
  for (let i = 0; current && i < 6; i++) {
    if (UNREACHABLE_CODES.has(current.code) || UNREACHABLE_MESSAGES.test(String(current.message ?? '')))
      return true;
    current = current.originalError ?? current.driverError ?? current.cause;
  }
  return false;
}

/** PostgreSQL's deadlock_detected and serialization_failure: the transaction was rolled back whole. */
const COLLISION_CODES = new Set(['40P01', '40001']);

/** A transaction PostgreSQL aborted because of another one: nothing of it was written; it may be tried again. */
export function isWriteCollision(error: unknown): boolean {
  let current: any = error;
  for (let i = 0; current && i < 6; i++) {
    if (COLLISION_CODES.has(current.code)) return true;
    current = current.originalError ?? current.driverError ?? current.cause;
  }
  return false;
}
