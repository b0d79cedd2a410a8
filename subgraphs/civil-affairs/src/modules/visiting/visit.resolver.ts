import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { AFTER, FIRST } from '../../../../../shared/paging';
import { chinaDate } from '../../../../../shared/policy/durations';
import { missingSignOffs } from '../policy/engine';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { Services } from '../../services';
import { auditSubjectOf } from '../audit/audit.subject';
import { Tier } from '../policy/policy.type';
import type { RegistryLoaders } from '../registry/registry.loaders';
import { visibleRecord, recordSubject } from '../registry/subject-access';
import { Subject } from '../registry/subject.type';
import type { UrgentCaseLoaders } from '../urgent-cases/urgent-case.loaders';
import { UrgentCase } from '../urgent-cases/urgent-case.type';
import { type DueVisit as DueVisitEntry, dueCursor } from './visit-schedule.service';
import { changeStateOf } from './change-report.service';
import { AssistancePlanInput, VisitFindingsInput } from './visit.input';
import { Discovery } from '../discoveries/discovery.type';
import type { ReferralLoaders } from '../referrals/referral.loaders';
import { Referral } from '../referrals/referral.type';
import { suggestionsFor } from './visit-needs';
import {
  AssistancePlan,
  ChangeState,
  DueVisit,
  Visit,
  VisitFinding,
  VisitKind,
  VisitMode,
  VisitSuggestion,
} from './visit.type';
import type { VisitLoaders } from './visit.loaders';

type Context = SubgraphContext<RegistryLoaders & UrgentCaseLoaders & VisitLoaders & ReferralLoaders>;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

@Resolver(() => Visit)
export class VisitResolver {
  constructor(private readonly services: Services) {}

  @Mutation(() => Visit, {
    description: "Opens a visit by ID number; returns the record and the region's template",
  })
  startVisit(
    @Arg('idNumber', () => String) idNumber: string,
    @Arg('mode', () => VisitMode, { defaultValue: VisitMode.HOME }) mode: VisitMode,
    @Arg('kind', () => VisitKind, {
      defaultValue: VisitKind.CARE,
      description: "a kind other than CARE must be one of the pack's visitKinds",
    })
    kind: VisitKind,
    @Ctx() ctx: Context,
  ) {
    return this.services.visits.start(idNumber, mode, ctx.identity, undefined, undefined, kind);
  }

  @Mutation(() => Discovery, {
    description:
      'The visitor confirms needs found on an ended visit as a discovery for the township (走访发现); once per visit',
  })
  async confirmVisitNeeds(
    @Arg('id', () => ID) id: string,
    @Arg('needs', () => [String], { description: "some of the visit's needs" }) needs: string[],
    @Ctx() ctx: Context,
  ) {
    return auditSubjectOf(await this.services.visits.confirmNeeds(id, needs, ctx.identity), ctx);
  }

  @Mutation(() => Visit, { description: 'Ends a visit with findings for every dimension of its template' })
  async endVisit(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => VisitFindingsInput) input: VisitFindingsInput,
    @Ctx() ctx: Context,
  ) {
    return auditSubjectOf(await this.services.visits.end(id, input, ctx.identity), ctx);
  }

  @Mutation(() => Subject, {
    description: '人户分离: moves the visiting duty to another township (normally the residence’s)',
  })
  delegateVisits(
    @Arg('idNumber', () => String) idNumber: string,
    @Arg('townshipCode', () => String) townshipCode: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: Context,
  ) {
    return this.services.schedule.delegate(idNumber, townshipCode, reason, ctx.identity);
  }

  @Mutation(() => Visit, {
    description: 'ADMIN: imports a visit done earlier (paper records, a previous system)',
  })
  importVisit(
    @Arg('idNumber', () => String) idNumber: string,
    @Arg('mode', () => VisitMode) mode: VisitMode,
    @Arg('visitor', () => String) visitor: string,
    @Arg('startedAt', () => String) startedAt: string,
    @Arg('input', () => VisitFindingsInput) input: VisitFindingsInput,
    @Ctx() ctx: Context,
  ) {
    return this.services.visits.importVisit(idNumber, mode, visitor, startedAt, input, ctx.identity);
  }

  @Mutation(() => Visit, {
    description:
      "Fuzhou 2018 五(一): one of the roles the region's pack names signs the visit's result (after it ended)",
  })
  signOffVisit(
    @Arg('id', () => ID) id: string,
    @Arg('role', () => String) role: string,
    @Arg('name', () => String) name: string,
    @Ctx() ctx: Context,
  ) {
    return this.services.visits.signOff(id, role, name, ctx.identity);
  }

  @Mutation(() => Visit, {
    description: 'The township marks the change found on this visit reported to the county (五(三))',
  })
  reportChange(
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: Context,
  ) {
    return this.services.changeReports.report(id, note, ctx.identity);
  }

  @Mutation(() => Visit, {
    description:
      "The county's initial assistance plan for the reported change: measures, or not eligible (ends assistance)",
  })
  recordAssistancePlan(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => AssistancePlanInput) input: AssistancePlanInput,
    @Ctx() ctx: Context,
  ) {
    return this.services.changeReports.plan(id, input, ctx.identity);
  }

  @Query(() => [Visit], {
    description:
      'Change reports under the region still open (report or plan due or overdue: see changeState), earliest report deadline first; with includeDone also the finished ones',
  })
  changeDeadlines(
    @Arg('regionCode', () => String) regionCode: string,
    @Arg('includeDone', () => Boolean, { defaultValue: false }) includeDone: boolean,
  ) {
    return this.services.changeReports.list(regionCode, includeDone);
  }

  /** Only for callers who may see its subject, as for the subject itself. */
  @Query(() => Visit, { nullable: true })
  async visit(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return visibleRecord(await ctx.loaders.visitById.load(id), ctx.loaders.subjectById, ctx.identity);
  }

  @FieldResolver(() => Subject, {
    nullable: true,
    description: 'withheld once the person has moved out of your region',
  })
  subject(@Root() visit: Visit, @Ctx() ctx: Context) {
    return recordSubject(ctx.loaders.subjectById, visit.subjectId, ctx.identity);
  }

  @FieldResolver(() => String)
  startedAt(@Root() visit: Visit) {
    return visit.startedAt.toISOString();
  }

  @FieldResolver(() => String, { nullable: true })
  endedAt(@Root() visit: Visit) {
    return iso(visit.endedAt);
  }

  @FieldResolver(() => String, { nullable: true, description: "next visit due, from the region's pack" })
  nextDueAt(@Root() visit: Visit) {
    return iso(visit.nextDueAt);
  }

  @FieldResolver(() => Boolean, {
    description:
      'ended, having assessed every dimension its pack requires (a care visit); only a complete visit resets the due date',
  })
  complete(@Root() visit: Visit) {
    return visit.complete === true;
  }

  @FieldResolver(() => [VisitFinding], { nullable: true })
  findings(@Root() visit: Visit) {
    return visit.findings?.map((f) => ({ ...f, items: f.items ?? [] })) ?? null;
  }

  @FieldResolver(() => [VisitSuggestion], {
    description: 'what the needs found suggest: a referral (department or outside agency), or a discovery',
  })
  suggestions(@Root() visit: Visit) {
    return suggestionsFor(visit.needs);
  }

  @FieldResolver(() => Boolean, {
    description:
      "the result is confirmed: the visit ended and every role the region's pack names has signed (no roles: once ended)",
  })
  confirmed(@Root() visit: Visit) {
    return visit.endedAt !== null && missingSignOffs(visit.signOffRoles, visit.signOffs).length === 0;
  }

  @FieldResolver(() => [String], { description: 'roles that still have to sign the result' })
  missingSignOffs(@Root() visit: Visit) {
    return missingSignOffs(visit.signOffRoles, visit.signOffs);
  }

  @FieldResolver(() => ChangeState, {
    nullable: true,
    description: 'where the change report this visit opened stands today; null when it opened none',
  })
  changeState(@Root() visit: Visit) {
    return changeStateOf(visit, chinaDate(new Date()));
  }

  @FieldResolver(() => String, { nullable: true, description: 'when the township reported the change' })
  changeReportedAt(@Root() visit: Visit) {
    return iso(visit.changeReportedAt);
  }

  @FieldResolver(() => AssistancePlan, {
    nullable: true,
    description: "the county's initial assistance plan",
  })
  assistancePlan(@Root() visit: Visit) {
    if (!visit.planRecordedAt) return null;
    return {
      measures: visit.planMeasures ?? [],
      notEligible: visit.planEndsAssistance === true,
      recordedBy: visit.planRecordedBy,
      recordedAt: visit.planRecordedAt.toISOString(),
    };
  }

  @FieldResolver(() => UrgentCase, { nullable: true, description: 'the urgent case this visit opened' })
  urgentCase(@Root() visit: Visit, @Ctx() ctx: Context) {
    return visit.urgentCaseId ? ctx.loaders.urgentCaseById.load(visit.urgentCaseId) : null;
  }
}

interface DueRow {
  subject: unknown;
  subjectId: string;
  dueAt: Date;
  lastVisitAt: Date | null;
  reason: string;
  source: string;
  tier: Tier | null;
}

function row(d: DueVisitEntry): DueRow {
  return {
    subject: d.subject,
    subjectId: d.subject.id,
    dueAt: d.due.dueAt!,
    lastVisitAt: d.lastVisitAt,
    reason: d.due.reason,
    source: d.due.source,
    tier: (d.tier as Tier) ?? null,
  };
}

@Resolver(() => DueVisit)
export class DueVisitResolver {
  constructor(private readonly services: Services) {}

  @Query(() => [DueVisit], {
    description:
      'Who should have been visited before `asOf` (default now) and was not, under the region, oldest first (then by subject), a page at a time',
  })
  async overdueVisits(
    @Arg('regionCode', () => String) regionCode: string,
    @Arg('asOf', () => String, { nullable: true, description: 'YYYY-MM-DD (China time); default now' })
    asOf: string | null,
    @Arg('first', () => Int, { nullable: true, description: FIRST }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: AFTER }) after: string | null,
  ) {
    const due = await this.services.schedule.overdue(regionCode, asOf, first, after);
    return due.map(row);
  }

  @Query(() => [DueVisit], {
    description:
      "A visitor's upcoming work: visits due up to `until`, overdue ones first (then by subject), a page at a time",
  })
  async dueVisits(
    @Arg('regionCode', () => String) regionCode: string,
    @Arg('until', () => String, { description: 'YYYY-MM-DD (China time), inclusive' }) until: string,
    @Arg('first', () => Int, { nullable: true, description: FIRST }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: AFTER }) after: string | null,
  ) {
    const due = await this.services.schedule.dueUntil(regionCode, until, first, after);
    return due.map(row);
  }

  @FieldResolver(() => Subject)
  subject(@Root() row: DueRow) {
    return row.subject;
  }

  @FieldResolver(() => String, {
    description: 'this item’s place in its list: pass it as `after` for the next page',
  })
  cursor(@Root() row: DueRow) {
    return dueCursor({ dueAt: row.dueAt, subjectId: row.subjectId });
  }

  @FieldResolver(() => String)
  dueAt(@Root() row: DueRow) {
    return row.dueAt.toISOString();
  }

  @FieldResolver(() => String, { nullable: true })
  lastVisitAt(@Root() row: DueRow) {
    return iso(row.lastVisitAt);
  }

  @FieldResolver(() => Tier, { nullable: true })
  tier(@Root() row: DueRow) {
    return row.tier;
  }

  @FieldResolver(() => [Referral], {
    description:
      '跟踪回访 to do on this visit: completed referrals whose follow-up is not recorded yet, earliest due first',
  })
  followUps(@Root() row: DueRow, @Ctx() ctx: Context) {
    return ctx.loaders.openFollowUpsBySubject.load((row.subject as { id: string }).id);
  }
}
