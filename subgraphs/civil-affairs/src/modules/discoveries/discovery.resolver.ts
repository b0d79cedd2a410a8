import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { AFTER, FIRST, encodeCursor } from '../../../../../shared/paging';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { Services } from '../../services';
import { auditSubjectOf } from '../audit/audit.subject';
import type { RegistryLoaders } from '../registry/registry.loaders';
import { recordSubject } from '../registry/subject-access';
import type { Assistance } from '../registry/assistance.type';
import { Subject } from '../registry/subject.type';
import type { DiscoveryEntity } from './discovery.entity';
import { DISCOVERY_CURSOR } from './discovery.service';
import { DecisionInput, DiscoveryInput, InvestigationInput } from './discovery.input';
import {
  Coordinator,
  CoordinatorGap,
  Discovery,
  DiscoveryDecision,
  DiscoveryOutcome,
  DiscoveryStatus,
  Investigation,
} from './discovery.type';

type Context = SubgraphContext<RegistryLoaders>;

@Resolver(() => Discovery)
export class DiscoveryResolver {
  constructor(private readonly services: Services) {}

  @Mutation(() => Discovery, {
    description: 'Files a proactive-discovery lead (any department’s window may)',
  })
  fileDiscovery(@Arg('input', () => DiscoveryInput) input: DiscoveryInput, @Ctx() ctx: Context) {
    return this.services.discoveries.file(input, ctx.identity);
  }

  @Query(() => [Discovery], {
    description:
      "A region's discovery ledger (Qianjiang's detail table as data), newest first (then by id), a page at a time",
  })
  discoveries(
    @Arg('regionCode', () => String) regionCode: string,
    @Arg('status', () => DiscoveryStatus, { nullable: true }) status: DiscoveryStatus | null,
    @Arg('first', () => Int, { nullable: true, description: FIRST }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: AFTER }) after: string | null,
  ) {
    return this.services.discoveries.list(regionCode, status, first, after);
  }

  @Query(() => [Discovery], {
    description:
      '新增救助群众 (黔江 二(四)): people included, with what was granted or the referral made, newest first, a page at a time',
  })
  newlyAssisted(
    @Arg('regionCode', () => String) regionCode: string,
    @Arg('first', () => Int, { nullable: true, description: FIRST }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: AFTER }) after: string | null,
  ) {
    return this.services.discoveries.newlyAssisted(regionCode, first, after);
  }

  @Mutation(() => Discovery, {
    description: 'Links a lead filed by name (not registered then) to the person, now registered',
  })
  async linkDiscovery(
    @Arg('id', () => ID) id: string,
    @Arg('idNumber', () => String) idNumber: string,
    @Ctx() ctx: Context,
  ) {
    return auditSubjectOf(await this.services.discoveries.link(id, idNumber, ctx.identity), ctx);
  }

  @Query(() => [Discovery], {
    description: '观察名单: people found not eligible, by review date (then by id), a page at a time',
  })
  observationList(
    @Arg('regionCode', () => String) regionCode: string,
    @Arg('first', () => Int, { nullable: true, description: FIRST }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: AFTER }) after: string | null,
  ) {
    return this.services.discoveries.observationList(regionCode, first, after);
  }

  @FieldResolver(() => String, {
    description: 'this item’s place in its list: pass it as `after` for the next page',
  })
  cursor(@Root() d: DiscoveryEntity) {
    return encodeCursor(DISCOVERY_CURSOR, d.id);
  }

  @Query(() => [CoordinatorGap], { description: 'Villages with fewer coordinators than their pack asks' })
  coordinatorGaps(@Arg('regionCode', () => String) regionCode: string) {
    return this.services.coordinators.gaps(regionCode);
  }

  @Mutation(() => Coordinator)
  addCoordinator(
    @Arg('villageCode', () => String) villageCode: string,
    @Arg('name', () => String) name: string,
    @Arg('phone', () => String, { nullable: true }) phone: string | null,
  ) {
    return this.services.coordinators.add(villageCode, name, phone);
  }

  @Mutation(() => Discovery, { description: 'Assigns the lead to a coordinator for investigation' })
  async assignDiscovery(
    @Arg('id', () => ID) id: string,
    @Arg('coordinator', () => String) coordinator: string,
    @Ctx() ctx: Context,
  ) {
    return auditSubjectOf(await this.services.discoveries.assign(id, coordinator, ctx.identity), ctx);
  }

  @Mutation(() => Discovery, {
    description: 'Records the investigation: person seen, situation clear, proposal',
  })
  async recordInvestigation(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => InvestigationInput) input: InvestigationInput,
    @Ctx() ctx: Context,
  ) {
    return auditSubjectOf(await this.services.discoveries.investigate(id, input, ctx.identity), ctx);
  }

  @Mutation(() => Discovery, {
    description:
      'Closes the lead; refused (PRECONDITION_FAILED, naming what is missing) until 三个不放过 hold',
  })
  async decideDiscovery(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => DecisionInput) input: DecisionInput,
    @Ctx() ctx: Context,
  ) {
    return auditSubjectOf(await this.services.discoveries.decide(id, input, ctx.identity), ctx);
  }

  @FieldResolver(() => Subject, {
    nullable: true,
    description: 'withheld once the person has moved out of your region',
  })
  subject(@Root() d: DiscoveryEntity, @Ctx() ctx: Context) {
    // null while the person is not registered (see personName)
    return d.subjectId ? recordSubject(ctx.loaders.subjectById, d.subjectId, ctx.identity) : null;
  }

  @FieldResolver(() => String)
  foundAt(@Root() d: DiscoveryEntity) {
    return d.foundAt.toISOString();
  }

  @FieldResolver(() => Investigation)
  investigation(@Root() d: DiscoveryEntity): Investigation {
    return {
      coordinator: d.coordinator,
      personSeen: d.personSeen,
      situationClear: d.situationClear,
      proposal: d.proposal,
      findings: d.investigation,
      investigatedAt: d.investigatedAt?.toISOString() ?? null,
    };
  }

  @FieldResolver(() => DiscoveryOutcome, { nullable: true, description: 'null until the lead is decided' })
  outcome(@Root() d: DiscoveryEntity): DiscoveryOutcome | null {
    if (!d.decision || !d.decidedAt) return null;
    return {
      decision: d.decision as DiscoveryDecision,
      reason: d.reason,
      decidedAt: d.decidedAt.toISOString(),
      includedOn: d.includedOn,
      reviewOn: d.reviewOn,
      granted: d.granted as Assistance[],
      referralId: d.referralId,
    };
  }
}
