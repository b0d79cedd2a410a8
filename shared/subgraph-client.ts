/**
 * One way for a service to ask another department's subgraph: GraphQL over HTTP with the caller's
 * own token and a timeout. A department that cannot answer is DEPARTMENT_UNAVAILABLE naming it.
 */
import { Department } from './departments';
import { DepartmentUnavailableError } from './errors';
import { REQUEST_ID_HEADER, currentRequestId } from './request-context';

/** codes that say the department could not answer, as opposed to an answer (NOT_FOUND, FORBIDDEN …) */
const FAULTS = new Set(['SERVICE_UNAVAILABLE', 'DEPARTMENT_UNAVAILABLE', 'INTERNAL_SERVER_ERROR']);

export async function callSubgraph<T>(
  department: Department,
  url: string,
  timeoutMs: number,
  query: string,
  variables: unknown,
  authorization: string,
  /** aborts the call early, e.g. a long poll when its owner stops */
  cancel?: AbortSignal,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization,
        ...(currentRequestId() ? { [REQUEST_ID_HEADER]: currentRequestId()! } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: cancel
        ? AbortSignal.any([AbortSignal.timeout(timeoutMs), cancel])
        : AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new DepartmentUnavailableError(department, (e as Error).message);
  }
  const body = (await response.json().catch(() => null)) as {
    data?: T;
    errors?: Array<{ message: string; extensions?: { code?: unknown } }>;
  } | null;
  // data beside such an error is a hole, not an answer: an `_entities` null there is "could not
  // read", never "no such person"
  if (!body?.data || body.errors?.some((e) => FAULTS.has(String(e.extensions?.code)))) {
    throw new DepartmentUnavailableError(
      department,
      body?.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`,
    );
  }
  return body.data;
}
