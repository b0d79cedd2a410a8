import DataLoader from 'dataloader';
import type { AuditTrailKey, DepartmentAudit } from '../../../../../shared/audit-trail';
import type { Services } from '../../services';

/** Civil affairs' own log for the trails of a request, read once for entries, verified and unverified. */
export function auditLoaders(services: Services) {
  return {
    ownAuditTrail: new DataLoader<AuditTrailKey, DepartmentAudit, string>(
      (keys) => Promise.all(keys.map((key) => services.auditTrail.own(key))),
      { cacheKeyFn: (key) => `${key.idNumber}|${key.since ?? ''}` },
    ),
  };
}

export type AuditLoaders = ReturnType<typeof auditLoaders>;
