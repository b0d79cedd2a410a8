import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { Identity, Role } from '../../../../../shared/auth';
import { parseIsoDateTime } from '../../../../../shared/dates';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../../../../../shared/errors';
import { addDuration, chinaDate } from '../../../../../shared/policy/durations';
import { exitedAt, subjectFacts } from '../standing/facts';
import { decideStanding } from '../standing/standing.rules';
import type { PolicyPack } from '../policy/pack.schema';
import type { PolicySnapshot } from '../policy/policy.service';
import type { StandingInputs } from '../standing/standing.repository';
import type { StandingService } from '../standing/standing.service';
import type { EventService } from '../events/event.service';
import {
  DueDecision,
  changeDeadlines,
  decideTier,
  missingSignOffs,
  nextDue,
  phoneAllowed,
  templateOn,
} from '../policy/engine';
import type { PolicyService } from '../policy/policy.service';
import { checkHouseholdFigures } from '../registration/registration.service';
import type { RegistrationService } from '../registration/registration.service';
import type { SubjectAccess } from '../registry/subject-access';
import type { SubjectEntity } from '../registry/subject.entity';
import type { SubjectRepository } from '../registry/subject.repository';
import type { UrgentCaseEntity } from '../urgent-cases/urgent-case.entity';
import type { UrgentCaseRow } from '../urgent-cases/urgent-case.repository';
import type { UrgentCaseService } from '../urgent-cases/urgent-case.service';
import type { DiscoveryEntity } from '../discoveries/discovery.entity';
import type { DiscoveryService } from '../discoveries/discovery.service';
import { CheckedFindings, FindingsInput, checkFindings } from './visit-findings';
import { suspectedFrom } from './visit-needs';
import type { VisitEntity } from './visit.entity';
import type { VisitRepository } from './visit.repository';

/** What the rules make of a visit's findings, decided before the transaction that records them. */
interface Outcome {
  subject: SubjectEntity;
  urgentCase: UrgentCaseRow | null;
  due: DueDecision;
  changeReportDue: string | null;
  assistancePlanDue: string | null;
  deadlineCertain: boolean;
}

/** Visits: opened by ID number against the region's template, ended with findings, imported from paper. */
export class VisitService {
  constructor(
    private readonly db: DataSource,
    private readonly visits: VisitRepository,
    private readonly subjects: SubjectRepository,
    private readonly access: SubjectAccess,
    private readonly standing: StandingService,
    private readonly policy: PolicyService,
    private readonly urgentCases: UrgentCaseService,
    private readonly events: EventService,
    private readonly discoveries: DiscoveryService,
    private readonly registration: RegistrationService,
  ) {}

  /** Opens a visit: the record fills itself from the ID number and the region's template comes back. */
  async start(
    rawIdNumber: string,
    mode: 'HOME' | 'PHONE',
    identity: Identity,
    now = new Date(),
    visitor = identity.user,
    kind = 'CARE',
  ): Promise<VisitEntity> {
    return this.startFor(await this.access.find(rawIdNumber, identity), mode, identity, now, visitor, kind);
  }

  /** `start` for a subject already found (and checked against the caller's region). */
  private async startFor(
    subject: SubjectEntity,
    mode: 'HOME' | 'PHONE',
    identity: Identity,
    now: Date,
    visitor: string,
    kind: string,
  ): Promise<VisitEntity> {
    const decided = (await this.standing.decide([subject.id], now)).get(subject.id);
    const tier =
      decided?.pack && decided.decision ? { pack: decided.pack, decision: decided.decision } : null;
    if (!tier)
      throw new ConflictError(
        `no policy pack covers region ${subject.registeredRegionCode}; assign one first`,
      );
    if (mode === 'PHONE' && !phoneAllowed(tier.pack, tier.decision.tier)) {
      throw new InvalidInputError(
        'mode',
        `${tier.pack.name} requires a home visit for ${tier.decision.tier} subjects`,
        'PHONE_NOT_ALLOWED',
      );
    }
    if (kind !== 'CARE') {
      const listed = tier.pack.visitKinds.find((k) => k.kind === kind);
      if (!listed)
        throw new InvalidInputError('kind', `${tier.pack.name} has no visit kind ${kind}`, 'NOT_IN_PACK');
      if (mode === 'PHONE')
        throw new InvalidInputError('mode', `a ${listed.label} is made in person`, 'PHONE_NOT_ALLOWED');
    }
    const id = randomUUID();
    await this.visits.insert({
      id,
      subjectId: subject.id,
      townshipCode: await this.responsibleTownship(subject),
      visitor,
      mode,
      kind,
      startedAt: now,
      packKey: tier.pack.key,
      packVersion: tier.pack.version,
      tier: tier.decision.tier,
      template: templateOn(tier.pack, chinaDate(now)),
      // Fuzhou 2018 五(一): the roles whose signatures confirm the result, as the pack names them now
      signOffRoles: tier.pack.signOff?.roles ?? [],
    });
    return this.visits.saved(id);
  }

  /**
   * Ends a visit with findings for every dimension of its template; computes the next due date from
   * the pack, the report and plan deadlines when a change was found, and opens an urgent case when
   * a finding is urgent. All in one transaction; a visit ends once.
   */
  async end(id: string, input: FindingsInput, identity: Identity): Promise<VisitEntity> {
    // the subject is read once here, as the region check found it, for every rule below
    const { visit, subject } = await this.endable(id, identity);
    const checked = checkFindings(visit, input, await this.packOf(subject));
    if (input.household) {
      checkHouseholdFigures(input.household, 'input.household');
      // a household that is not as its file says is a change (Fuzhou 五(三): 家庭人口、经济收入)
      const found = await this.householdChanges(subject, input.household);
      checked.changes = [...new Set([...checked.changes, ...found])];
    }
    // everything is read and decided before the transaction, which only writes
    const outcome = await this.decide(subject, checked, identity);
    const policy = await this.policy.snapshot();
    const ended = await this.db.transaction(async (tx) => {
      const { saved, opened } = await this.record(tx, visit, input, checked, outcome);
      // 一户一档: the household's figures as found are every member's
      const members = input.household
        ? (await this.registration.householdFound(tx, outcome.subject, input.household, policy, identity))
            .members
        : [visit.subjectId];
      // the stored standing (next due visit, the tier after an urgent finding) moves with it
      await this.standing.recompute(members, { tx, policy });
      // last: appending takes the event log's order lock, held until commit (see EventRepository.append)
      await this.announce(tx, visit, outcome.subject, opened);
      return saved;
    });
    this.events.committed();
    return ended;
  }

  /**
   * Needs found on an ended visit, confirmed by the visitor as a discovery for the township (黔江
   * 走访发现; 瑞救办〔2021〕5号 二(一) 及时发现和报告): the assistance they suggest becomes the suspicion.
   * Once per visit: confirming again answers the discovery already filed.
   */
  async confirmNeeds(id: string, needs: string[], identity: Identity): Promise<DiscoveryEntity> {
    const visit = await this.visits.byId(id);
    if (!visit) throw new NotFoundError('visit', id, 'id');
    const subject = await this.access.requireRecordVisible(visit.subjectId, identity, {
      entity: 'visit',
      id,
    });
    if (!visit.endedAt) throw new ConflictError(`visit ${id} has not ended; end it with its needs first`);
    needs.forEach((n, i) => {
      if (!visit.needs.includes(n))
        throw new InvalidInputError(`needs[${i}]`, `"${n}" is not a need this visit found`, 'UNKNOWN_NEED');
    });
    const suspectedAssistance = suspectedFrom(needs);
    if (!suspectedAssistance.length)
      throw new InvalidInputError(
        'needs',
        'these needs suggest a referral, not assistance for civil affairs to decide (see suggestions)',
        'NOTHING_TO_DECIDE',
      );
    return this.discoveries.file(
      {
        idNumber: subject.idNumber,
        method: 'VISIT',
        category: 'MAY_QUALIFY_NOT_APPLIED',
        suspectedAssistance,
        householdSituation: visit.findings
          ?.filter((f) => f.status !== 'OK')
          .map((f) => `${f.dimension}: ${f.note}`)
          .join('; '),
        note: `探访 ${visit.endedAt.toISOString()} 发现需求: ${needs.join(', ')}`,
        sourceKey: `visit:${id}`,
      },
      identity,
    );
  }

  /** The pack of the visit's subject's region now (the rules of its end). */
  private async packOf(subject: SubjectEntity): Promise<PolicyPack> {
    const found = (await this.policy.snapshot()).packFor(subject.registeredRegionCode);
    if (!found) throw new ConflictError(`no policy pack covers region ${subject.registeredRegionCode}`);
    return found.pack;
  }

  /** What differs between the household as found and its file: HOUSEHOLD (size), INCOME. */
  private async householdChanges(
    subject: SubjectEntity,
    found: { size: number; monthlyIncomePerCapita: number },
  ): Promise<string[]> {
    const [file] = subject.householdId ? await this.subjects.householdsByIds([subject.householdId]) : [];
    if (!file) return [];
    return [
      ...(file.size !== found.size ? ['HOUSEHOLD'] : []),
      ...(file.monthlyIncomePerCapita !== found.monthlyIncomePerCapita ? ['INCOME'] : []),
    ];
  }

  /** The visit, if it is still open and the caller may end it (its visitor, or staff). */
  private async endable(
    id: string,
    identity: Identity,
  ): Promise<{ visit: VisitEntity; subject: SubjectEntity }> {
    const visit = await this.visits.byId(id);
    if (!visit) throw new NotFoundError('visit', id, 'id');
    const subject = await this.access.requireRecordVisible(visit.subjectId, identity, {
      entity: 'visit',
      id,
    });
    if (visit.endedAt)
      throw new ConflictError(`visit ${id} was already ended at ${visit.endedAt.toISOString()}`);
    if (visit.visitor !== identity.user && identity.role === Role.VISITOR) {
      throw new ForbiddenError('only the visitor who started this visit, or staff, may end it');
    }
    return { visit, subject };
  }

  /** The rules: the urgent case to open, the tier with it, the next due visit, the working-day deadlines. */
  private async decide(
    subject: SubjectEntity,
    checked: CheckedFindings,
    identity: Identity,
  ): Promise<Outcome> {
    const { endedAt, findings, changes } = checked;
    const snapshot = await this.policy.snapshot();
    const found = snapshot.packFor(subject.registeredRegionCode);
    if (!found) throw new ConflictError(`no policy pack covers region ${subject.registeredRegionCode}`);
    const { pack } = found;
    const decided = (await this.standing.decide([subject.id], endedAt)).get(subject.id)!;
    const { record } = decided;
    // found on this visit, so this visit is its first visit
    const urgentCase = checked.urgent
      ? {
          id: randomUUID(),
          subjectId: subject.id,
          kind: 'OTHER',
          occurredAt: endedAt,
          description:
            findings
              .filter((f) => f.status === 'URGENT')
              .map((f) => `${f.dimension}: ${f.note}`)
              .join('; ') || '探访中发现急难情况',
          visitDeadline: addDuration(endedAt, pack.urgentCases.visitWithin),
          reportedBy: identity.user,
        }
      : null;
    if (urgentCase) record.urgentCases = [urgentCase as UrgentCaseEntity, ...record.urgentCases];
    const facts = subjectFacts(record, pack.urgentCases.recentWindow, endedAt);
    const decision = decideTier(pack, facts);
    const history = {
      registeredAt: subject.createdAt,
      lastVisitAt: endedAt,
      openUrgentDeadlines: [],
      exitedAt: exitedAt(record.assistance),
    };
    // a change found opens a change report (Fuzhou 2018 五(三)), with the pack's working-day deadlines
    const deadlines = changes.length
      ? changeDeadlines(pack, chinaDate(endedAt), null, snapshot.calendar)
      : { report: null, plan: null };
    // an incomplete visit, or a delivery, resets no due date: the standing's own, as if it had not happened
    const due = checked.complete
      ? nextDue(pack, decision.tier, history, facts, endedAt)
      : standingDue({ ...decided.input, urgentCases: record.urgentCases }, snapshot, endedAt);
    return {
      subject,
      urgentCase,
      due,
      changeReportDue: deadlines.report?.due ?? null,
      assistancePlanDue: deadlines.plan?.due ?? null,
      deadlineCertain: (deadlines.report?.certain ?? true) && (deadlines.plan?.certain ?? true),
    };
  }

  /** The writes of an end, and the urgent case it opened (announced by `announce`). */
  private async record(
    tx: EntityManager,
    visit: VisitEntity,
    input: FindingsInput,
    checked: CheckedFindings,
    outcome: Outcome,
  ): Promise<{ saved: VisitEntity; opened: UrgentCaseRow | null }> {
    const { subject, urgentCase } = outcome;
    if (!(await this.visits.claimForEnd(tx, visit.id, visit.version)))
      throw new ConflictError(`visit ${visit.id} was ended meanwhile`);
    const opened = urgentCase !== null && (await this.urgentCases.open(tx, urgentCase));
    await this.visits.recordEnd(tx, visit.id, {
      startedAt: checked.startedAt,
      endedAt: checked.endedAt,
      findings: checked.findings,
      needs: checked.needs,
      actions: input.actions ?? null,
      photoRef: input.photoRef ?? null,
      signatureRef: input.signatureRef ?? null,
      coVisitors: checked.coVisitors,
      team: checked.team,
      complete: checked.complete,
      missingDimensions: checked.missingDimensions,
      signOffs: checked.signOffs,
      changes: checked.changes,
      nextDueAt: outcome.due.dueAt,
      changeReportDue: outcome.changeReportDue,
      assistancePlanDue: outcome.assistancePlanDue,
      deadlineCertain: outcome.deadlineCertain,
      urgentCaseId: urgentCase?.id ?? null,
    });
    // only a visit that counts answers the subject's urgent cases (the standing reads the same)
    if (checked.complete) await this.urgentCases.answeredBy(tx, visit.id, subject.id, checked.endedAt);
    return { saved: await this.visits.saved(visit.id, tx), opened: opened ? urgentCase : null };
  }

  /** The events of an end, dashboards hear of the urgent case and the visit: the transaction's last writes. */
  private async announce(
    tx: EntityManager,
    visit: VisitEntity,
    subject: SubjectEntity,
    opened: UrgentCaseRow | null,
  ): Promise<void> {
    const regionCode = subject.registeredRegionCode;
    if (opened) await this.urgentCases.appendEvent(tx, opened, regionCode);
    await this.events.append(tx, { kind: 'VISIT', entityId: visit.id, regionCode, department: null });
  }

  /**
   * Fuzhou 2018 五(一): one of the roles the pack named signs the visit's result. The result is
   * confirmed once every named role has signed; a region whose pack names none needs no signature
   * (a signature there is kept, and changes nothing).
   */
  async signOff(id: string, rawRole: string, rawName: string, identity: Identity): Promise<VisitEntity> {
    const role = rawRole.trim();
    const name = rawName.trim();
    if (!role) throw new InvalidInputError('role', 'name the role that signs', 'REQUIRED');
    if (!name) throw new InvalidInputError('name', 'name who signs', 'REQUIRED');
    if (name.length > 50) throw new InvalidInputError('name', 'must be at most 50 characters', 'LENGTH');
    const visit = await this.visits.byId(id);
    if (!visit) throw new NotFoundError('visit', id, 'id');
    await this.access.requireRecordVisible(visit.subjectId, identity, { entity: 'visit', id });
    if (visit.signOffRoles.length && !visit.signOffRoles.includes(role))
      throw new InvalidInputError(
        'role',
        `"${role}" does not sign this visit; its pack names ${visit.signOffRoles.join('、')}`,
        'UNKNOWN_ROLE',
      );
    if (!visit.endedAt)
      throw new ConflictError(`visit ${id} has not ended: its result is signed once it has`);
    if (!missingSignOffs([role], visit.signOffs).length)
      throw new ConflictError(`visit ${id} was already signed as ${role}`);
    const signed = { role, name, signedAt: new Date().toISOString() };
    if (!(await this.visits.addSignOff(id, visit.version, signed)))
      throw new ConflictError(`visit ${id} was changed meanwhile; read it again`);
    return this.visits.saved(id);
  }

  /**
   * Imports a visit done earlier (records kept on paper or in a previous system): ADMIN only, with
   * its own dates and visitor; the same checks as a visit recorded live. Nothing stays half-written.
   * Importing the same visit again (the person, the start, the mode and the visitor) answers the one
   * already imported: an import sent again after an answer that never came is not a second visit.
   */
  async importVisit(
    rawIdNumber: string,
    mode: 'HOME' | 'PHONE',
    visitor: string,
    startedAtText: string,
    input: FindingsInput,
    identity: Identity,
  ): Promise<VisitEntity> {
    const startedAt = parseIsoDateTime(startedAtText, 'startedAt');
    if (startedAt > new Date()) throw new InvalidInputError('startedAt', 'is in the future', 'DATE_ORDER');
    if (parseIsoDateTime(input.endedAt, 'input.endedAt') < startedAt) {
      throw new InvalidInputError('input.endedAt', 'is before startedAt', 'DATE_ORDER');
    }
    if (!visitor.trim()) throw new InvalidInputError('visitor', 'name who visited', 'REQUIRED');
    const subject = await this.access.find(rawIdNumber, identity);
    const imported = await this.visits.endedAt(subject.id, startedAt, mode, visitor.trim());
    if (imported) return imported;
    const visit = await this.startFor(subject, mode, identity, startedAt, visitor.trim(), 'CARE');
    try {
      return await this.end(visit.id, input, identity);
    } catch (e) {
      await this.visits.deleteUnended(visit.id);
      throw e;
    }
  }

  /** Visits are organised by the township of registration, unless delegated to the residence township. */
  private async responsibleTownship(subject: SubjectEntity): Promise<string> {
    return (await this.visits.delegatedTownship(subject.id)) ?? subject.registeredRegionCode.slice(0, 9);
  }
}

/** The due visit the stored standing would give, without the visit being ended (it counts for nothing). */
function standingDue(input: StandingInputs, policy: PolicySnapshot, at: Date): DueDecision {
  const row = decideStanding(input, policy, at);
  return { dueAt: row.dueAt, reason: row.dueReason, source: row.dueSource };
}
