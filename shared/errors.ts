/**
 * One error module for every service (STYLE.md habit 5). Services throw these plain errors and never
 * import graphql; `formatError` (shared/graphql-errors.ts) turns them into coded GraphQL errors.
 * Expected business outcomes are data in results, not errors.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'DEPARTMENT_UNAVAILABLE'
  /** the department's audit log could not record the request (a write was made; a read gave nothing) */
  | 'AUDIT_NOT_RECORDED';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input; `field` names the offending input field (e.g. `idNumber`, `input.household.size`). */
export class InvalidInputError extends AppError {
  constructor(
    readonly field: string,
    message: string,
    reason?: string,
  ) {
    super('BAD_USER_INPUT', `${field}: ${message}`, { field, ...(reason ? { reason } : {}) });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'a valid "Authorization: Bearer <token>" header is required') {
    super('UNAUTHENTICATED', message, {}, 401);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

export class NotFoundError extends AppError {
  constructor(entity: string, key: string, field?: string) {
    super('NOT_FOUND', `${entity} ${key} was not found`, { entity, ...(field ? { field } : {}) });
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/** A step of a workflow is refused until what it needs is recorded; `missing` names each thing. */
export class PreconditionError extends AppError {
  constructor(message: string, missing: string[]) {
    super('PRECONDITION_FAILED', message, { missing });
  }
}

/**
 * Another department's service could not be reached; `department` names it. The cause (a network
 * error, that department's own messages) goes to the log only: it may name hosts, ports or internals.
 */
export class DepartmentUnavailableError extends AppError {
  constructor(department: string, cause?: string) {
    super('DEPARTMENT_UNAVAILABLE', `department ${department} is unavailable`, { department });
    this.cause = cause;
  }
}

/** For the log and operators only: an error's message with the cause a client never sees. */
export function logDetail(e: unknown): string {
  const error = e as Error | undefined;
  if (!(error instanceof Error)) return String(e);
  return error.cause ? `${error.message} (${String(error.cause)})` : error.message;
}
