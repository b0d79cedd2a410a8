import { Outbox1764000000910 } from '../../../shared/outbox';
import { log } from '../../../shared/logging';
import { defineSubgraph } from '../../../shared/subgraph';
import { Department } from '../../../shared/departments';
import { createLoaders } from './loaders';
import {
  MODULES,
  audit,
  consent,
  dashboard,
  discoveries,
  referrals,
  registry,
  standing,
  visiting,
} from './modules';
import { buildSchema } from './schema';
import { createServices } from './services';

/** 民政: the registry of subjects, households, assistance statuses and division codes. */
export const civilAffairs = defineSubgraph({
  department: Department.CIVIL_AFFAIRS,
  entities: MODULES.flatMap((m) => m.entities),
  // in the order they landed
  migrations: [
    ...registry.migrations,
    ...visiting.migrations,
    ...discoveries.migrations,
    ...consent.migrations,
    ...referrals.migrations,
    Outbox1764000000910,
    ...standing.migrations,
    ...audit.migrations,
    ...dashboard.migrations,
  ],
  createServices: (db, config) =>
    createServices(db, {
      departmentUrls: config.subgraphUrls,
      timeoutMs: config.registryTimeoutMs,
      auth: config,
      calendarWarningDays: config.calendarWarningDays,
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
    const stopStanding = services.standing.start(services.partners, config.outboxIntervalMs);
    return async () => {
      await stopStanding();
      await stopOutbox();
      await services.signal.close();
    };
  },
  // the working-day calendar running out (issue 13): deadlines past it are no longer certain
  warnings: async (services) => services.policy.warnings(),
  buildSchema,
  createLoaders,
  // the masking guard's questions: the subject's consent, the departments handling a referral of them
  disclosure: {
    subjectOf: (type, parent) => (type === 'Subject' ? parent?.id : parent?.subjectId) ?? null,
    consent: async (subjectId, ctx) => (await ctx.loaders.consentBySubjectId.load(subjectId)) !== null,
    handlesReferral: async (subjectId, department, ctx) =>
      (await ctx.loaders.sharingBySubjectId.load(subjectId)).some(
        (r) => r.kind === 'REFERRAL' && r.department === department,
      ),
  },
});
