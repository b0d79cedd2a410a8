import { Outbox1764000000910 } from '../../../shared/outbox';
import { log } from '../../../shared/logging';
import { defineSubgraph } from '../../../shared/subgraph';
import { Department } from '../../../shared/departments';
import { AssistanceEntity } from './entities/assistance.entity';
import { CoordinatorEntity, DiscoveryEntity } from './entities/discovery.entity';
import { HouseholdEntity } from './entities/household.entity';
import { RegionEntity } from './entities/region.entity';
import { CalendarDayEntity, PolicyPackEntity, RegionPackEntity } from './entities/policy-pack.entity';
import { SubjectEntity } from './entities/subject.entity';
import { UrgentCaseEntity } from './entities/urgent-case.entity';
import { VisitEntity } from './entities/visit.entity';
import { createLoaders } from './loaders';
import { Registry1764000000000 } from './migrations/1764000000000-registry';
import { DivisionCodes1764000000001 } from './migrations/1764000000001-division-codes';
import { VisitingCare1764000000002 } from './migrations/1764000000002-visiting-care';
import { Discoveries1764000000003 } from './migrations/1764000000003-discoveries';
import { ConsentsWarnings1764000000004 } from './migrations/1764000000004-consents-warnings';
import { ConsentEntity } from './entities/consent.entity';
import { EarlyWarningEntity } from './entities/early-warning.entity';
import { ReferralEntity } from './entities/referral.entity';
import { ReferralsEvents1764000000005 } from './migrations/1764000000005-referrals-events';
import { buildSchema } from './schema';
import { createServices } from './services';

/** 民政: the registry of subjects, households, assistance statuses and division codes. */
export const civilAffairs = defineSubgraph({
  department: Department.CIVIL_AFFAIRS,
  entities: [
    RegionEntity,
    HouseholdEntity,
    SubjectEntity,
    AssistanceEntity,
    PolicyPackEntity,
    RegionPackEntity,
    CalendarDayEntity,
    VisitEntity,
    UrgentCaseEntity,
    DiscoveryEntity,
    CoordinatorEntity,
    ConsentEntity,
    EarlyWarningEntity,
    ReferralEntity,
  ],
  migrations: [
    Registry1764000000000,
    DivisionCodes1764000000001,
    VisitingCare1764000000002,
    Discoveries1764000000003,
    ConsentsWarnings1764000000004,
    ReferralsEvents1764000000005,
    Outbox1764000000910,
  ],
  createServices: (db, config) =>
    createServices(db, {
      departmentUrls: config.subgraphUrls,
      timeoutMs: config.registryTimeoutMs,
      auth: config,
    }),
  prepare: (services) => services.policy.publishShippedPacks(),
  // a real PostgreSQL server carries NOTIFY between instances; the embedded one is woken in-process
  background: (services, config) => {
    if (config.database.kind === 'postgres') {
      services.signal
        .listen(config.database.url)
        .catch((e) => log.warn('LISTEN failed', { error: String(e) }));
    }
    const stopOutbox = services.outbox.start(config.outboxIntervalMs);
    return async () => {
      await stopOutbox();
      await services.signal.close();
    };
  },
  buildSchema,
  createLoaders,
});
