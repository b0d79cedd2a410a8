import { AuditLog1764000000950 } from '../../../../../shared/audit';
import type { CivilAffairsModule } from '../../module';
import { auditLoaders } from './audit.loaders';
import { auditTrailReference } from './audit.reference';
import { AuditTrailResolver } from './audit.resolver';

/**
 * 审计: civil affairs' audit log (the shared writer and its migration) and the subject's audit trail
 * across departments — `Query.auditTrail` and the `AuditTrail` entity whose entries `@require` each
 * partner's own verified answer.
 */
export const audit = {
  entities: [],
  migrations: [AuditLog1764000000950],
  resolvers: (services) => [new AuditTrailResolver(services)],
  references: { AuditTrail: auditTrailReference },
  loaders: auditLoaders,
} satisfies CivilAffairsModule;
