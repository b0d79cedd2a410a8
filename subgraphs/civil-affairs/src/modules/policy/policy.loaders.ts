import type { Services } from '../../services';
import type { PolicySnapshot } from './policy.service';

/** The policy snapshot, read at most once per request. */
export function policyLoaders(services: Services) {
  let snapshot: Promise<PolicySnapshot> | undefined;
  return { policySnapshot: () => (snapshot ??= services.policy.snapshot()) };
}

export type PolicyLoaders = ReturnType<typeof policyLoaders>;
