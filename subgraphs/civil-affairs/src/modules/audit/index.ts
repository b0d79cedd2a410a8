import { AuditLog1764000000950, AuditLogIndexedTail1764000001700 } from '../../../../../shared/audit';
import type { CivilAffairsModule } from '../../module';
import { AccessLogResolver } from './access-log.resolver';
import { auditLoaders } from './audit.loaders';
import { auditTrailReference } from './audit.reference';
import { AuditTrailResolver } from './audit.resolver';
import { AccessLog1764000000960 } from './migrations/1764000000960-access-log';

/**
 * 审计: civil affairs' audit log (the shared writer and its migration) and the subject's audit trail
 * across departments — `Query.auditTrail` and the `AuditTrail` entity whose entries `@require` each
 * partner's own verified answer; and a person's own view (`myAccessLog`, CITIZEN token) from civil
 * affairs' log and the `access_log` mirror partners ship to (`recordAccessLog`, internal).
 */
export const audit = {
  entities: [],
  migrations: [AuditLog1764000000950, AccessLog1764000000960, AuditLogIndexedTail1764000001700],
  resolvers: (services) => [new AuditTrailResolver(services), new AccessLogResolver(services)],
  references: { AuditTrail: auditTrailReference },
  loaders: auditLoaders,
} satisfies CivilAffairsModule;
