import { AuditTrailKey, authorizeAuditTrail } from '../../../../../shared/audit-trail';
import type { SubgraphContext } from '../../../../../shared/subgraph';

/**
 * The gateway comes back to civil affairs with the partners' answers in the representation, to
 * resolve `entries`, `verified` and `unverified`: the caller's right is checked again on the
 * region the trail was granted on, with no query.
 */
export const auditTrailReference = {
  __resolveReference: (ref: AuditTrailKey & Record<string, unknown>, ctx: SubgraphContext<unknown>) => {
    authorizeAuditTrail(ctx.identity, ref.regionCode);
    return { ...ref, since: ref.since ?? null };
  },
};
