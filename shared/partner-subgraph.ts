/**
 * `definePartnerSubgraph`: what every partner department (disability, trade union, health, charity)
 * has besides its own record, added here so no partner can forget a piece — the enrolment table and
 * its migration, the program pack and its resolvers (`<dept>Programs @requires(eligibilityFacts)`,
 * `recordProgramEnrollment`), the outbox that publishes its facts to civil affairs, the
 * `partnerFacts` catch-up query, the registry client with the department's service credential, the
 * audit log with its part of the audit trail (`<dept>Audit`, shared/audit-trail.ts), and the shipper
 * of its entries that name a person to civil affairs, for that person's `myAccessLog`
 * (shared/access-log.ts).
 */
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { AccessLogShipped1764000000960, AccessLogShipper } from './access-log';
import { AuditLog, AuditLog1764000000950, AuditLogIndexedTail1764000001700 } from './audit';
import { auditTrailStubReference, createAuditTrailStub, createDepartmentAuditResolver } from './audit-trail';
import { ServiceCredential } from './auth';
import type { Constructor } from './database';
import { departmentInfo, type Department } from './departments';
import { buildFederatedSchema } from './federation';
import './graphql-types';
import { Outbox, Outbox1764000000910, type OutboxMessage } from './outbox';
import {
  PARTNER_FACTS,
  PUBLISHED_FACTS,
  createPartnerFactsResolver,
  deliverPartnerFacts,
} from './partner-facts';
import {
  ProgramEnrollmentEntity,
  ProgramEnrollmentResolver,
  ProgramEnrollments1764000000900,
  ProgramService,
  createProgramEligibilityResolver,
  loadProgramPack,
  programDecisionsLoader,
  programEligibilityLoader,
} from './partner-programs';
import { createSubjectStub, subjectStubReference } from './partner-subject';
import {
  createMonthlyReportStub,
  createPartnerReportResolver,
  monthlyReportStubReference,
} from './partner-report';
import type { Facts } from './policy/conditions';
import { RegistryClient, registryPrefetchPlugin } from './registry-client';
import { beforeAnswer } from './request-context';
import { SubgraphConfig, SubgraphDefinition, defineSubgraph } from './subgraph';

/** What the shared part gives a partner's own services. */
export interface PartnerKit {
  config: SubgraphConfig;
  programs: ProgramService;
  /** civil affairs' registry, asked with this department's service credential */
  registry: RegistryClient;
  /** the department's outbox: facts for civil affairs and its own kinds of message */
  outbox: Outbox;
  credential: ServiceCredential;
  /** the department's audit log */
  audit: AuditLog;
  /** ships the log's entries that name a person to civil affairs (`ship()` runs a pass now) */
  accessLog: AccessLogShipper;
  /**
   * after a write's commit: its facts reach civil affairs before the request is answered when they
   * can (else by the outbox), in one call for all of the request's writes
   */
  factsPublished(): Promise<void>;
}

type Resolvers = Array<new (...args: any[]) => object>;

export interface PartnerDefinition<S, L> {
  department: Department;
  /** the department's own tables and migrations (the shared ones are added) */
  entities: Constructor[];
  migrations: Constructor[];
  /** the Subject stub its field resolvers attach to (`createSubjectStub()` in its subject.type.ts) */
  subject: ReturnType<typeof createSubjectStub>;
  createServices(db: DataSource, kit: PartnerKit): S;
  /** resolver classes and their instances */
  resolvers(services: S): { classes: Resolvers; instances: object[] };
  createLoaders(services: S): L;
  /** this department's facts about a person (null values: no record), read through the request's loaders */
  facts(loaders: L, idNumber: string): Promise<Facts>;
  /**
   * the department's own columns of a monthly report for these people (e.g. health's 医保), read
   * through the request's loaders; by ID number
   */
  reportColumns?(loaders: L, idNumbers: string[]): Promise<Record<string, Record<string, string | null>>>;
  /** delivery of the department's own outbox kinds (e.g. health's data push) */
  deliver?: Record<string, (message: OutboxMessage, kit: PartnerKit) => Promise<void>>;
}

export type PartnerServices<S> = S & { kit: PartnerKit };
export type PartnerLoaders<L> = L & {
  programEligibility: ReturnType<typeof programEligibilityLoader>;
  programDecisions: ReturnType<typeof programDecisionsLoader>;
};

export function definePartnerSubgraph<S, L>(
  partner: PartnerDefinition<S, L>,
): SubgraphDefinition<PartnerServices<S>, PartnerLoaders<L>> {
  const { department } = partner;
  const ProgramEligibilityResolver = createProgramEligibilityResolver(partner.subject, department);
  const AuditTrail = createAuditTrailStub();
  const DepartmentAuditResolver = createDepartmentAuditResolver(AuditTrail, department);
  const MonthlyReport = createMonthlyReportStub();
  const PartnerReportResolver = createPartnerReportResolver(MonthlyReport, department, (ctx, ids) =>
    partner.reportColumns ? partner.reportColumns(ctx.loaders, ids) : Promise.resolve({}),
  );
  const PartnerFactsResolver = createPartnerFactsResolver(department, (ctx, ids) =>
    Promise.all(ids.map((id) => partner.facts(ctx.loaders, id))),
  );
  const createLoaders = (services: PartnerServices<S>): PartnerLoaders<L> => {
    const own = partner.createLoaders(services);
    return {
      ...own,
      programEligibility: programEligibilityLoader(services.kit.programs, (id) => partner.facts(own, id)),
      programDecisions: programDecisionsLoader(services.kit.programs, (id) => partner.facts(own, id)),
    };
  };
  return defineSubgraph({
    department,
    entities: [ProgramEnrollmentEntity, ...partner.entities],
    migrations: [
      ...partner.migrations,
      ProgramEnrollments1764000000900,
      Outbox1764000000910,
      AuditLog1764000000950,
      AccessLogShipped1764000000960,
      AuditLogIndexedTail1764000001700,
    ],
    createServices(db, config) {
      const credential = new ServiceCredential(config, department, 'partner');
      const programs = new ProgramService(
        db,
        loadProgramPack(
          path.resolve(__dirname, '..', 'subgraphs', departmentInfo(department).subgraph, 'programs'),
        ),
      );
      const kit: PartnerKit = {
        config,
        programs,
        credential,
        registry: new RegistryClient(config.registryUrl, config.registryTimeoutMs, credential),
        outbox: new Outbox(db, (message) => deliver(message), {
          [PARTNER_FACTS]: (messages) =>
            deliverPartnerFacts(messages, config.registryUrl, config.registryTimeoutMs, credential),
        }),
        audit: new AuditLog(db),
        accessLog: new AccessLogShipper(
          db,
          department,
          config.registryUrl,
          config.registryTimeoutMs,
          credential,
        ),
        // once per request, before its answer: a request's writes send their facts in one call
        factsPublished: () => beforeAnswer(PARTNER_FACTS, () => kit.outbox.flush(PARTNER_FACTS)),
      };
      const deliver = async (message: OutboxMessage) => {
        const own = partner.deliver?.[message.kind];
        if (!own) throw new Error(`no delivery for outbox messages of kind ${message.kind}`);
        return own(message, kit);
      };
      return { ...partner.createServices(db, kit), kit };
    },
    async buildSchema(services) {
      const own = partner.resolvers(services);
      const shared = PUBLISHED_FACTS[department] ? [PartnerFactsResolver] : [];
      const instances = [
        new ProgramEligibilityResolver(),
        new ProgramEnrollmentResolver(services.kit.programs),
        new DepartmentAuditResolver(services.kit.audit),
        new PartnerReportResolver(),
        ...shared.map((R) => new R()),
        ...own.instances,
      ];
      return buildFederatedSchema(
        {
          resolvers: [
            ProgramEligibilityResolver,
            ProgramEnrollmentResolver,
            DepartmentAuditResolver,
            PartnerReportResolver,
            ...shared,
            ...own.classes,
          ] as [Resolvers[number], ...Resolvers],
          orphanedTypes: [partner.subject, AuditTrail, MonthlyReport],
          container: { get: (cls) => instances.find((r) => r instanceof cls) },
        },
        {
          Subject: subjectStubReference,
          AuditTrail: auditTrailStubReference,
          MonthlyReport: monthlyReportStubReference,
        },
      );
    },
    background: (services, config) => {
      const stopOutbox = services.kit.outbox.start(config.outboxIntervalMs);
      const stopShipping = services.kit.accessLog.start(config.outboxIntervalMs);
      return async () => {
        await stopShipping();
        await stopOutbox();
      };
    },
    // a request's writes ask the registry about all the people they name in one call
    plugins: () => [registryPrefetchPlugin()],
    createLoaders,
  });
}
