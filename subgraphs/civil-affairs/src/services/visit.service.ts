import { updateReturning } from '../../../../shared/database';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { Identity, Role, authorize } from '../../../../shared/auth';
import { parseIsoDate, parseIsoDateTime } from '../../../../shared/dates';
import { Department } from '../../../../shared/departments';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../../../shared/errors';
import { parseIdNumber } from '../../../../shared/id-number';
import { addDuration, chinaDate } from '../../../../shared/policy/durations';
import { RegionLevel } from '../../../../shared/regions';
import type { SubjectEntity } from '../entities/subject.entity';
import { Finding, SignOff, VisitEntity } from '../entities/visit.entity';
import { UrgentCaseEntity } from '../entities/urgent-case.entity';
import { DueDecision, addWorkingDays, decideTier, nextDue, phoneAllowed, templateOn } from '../policy/engine';
import { exitedAt, subjectFacts } from '../policy/facts';
import type { PolicyService } from './policy.service';
import type { EventSignal } from './event-signal';
import { appendEvent } from './referral.service';
import type { RegionService } from './region.service';
import { SubjectService, isVisibleTo } from './subject.service';
import type { TierResult, TierService } from './tier.service';

const VISITORS = { departments: [Department.CIVIL_AFFAIRS], roles: [Role.VISITOR, Role.STAFF, Role.ADMIN] };
const STAFF = { departments: [Department.CIVIL_AFFAIRS], roles: [Role.STAFF, Role.ADMIN] };
const NEED = /^[A-Z][A-Z_]{1,31}$/;

export interface FindingsInput {
  endedAt: string;
  findings: Array<{ dimension: string; status: 'OK' | 'CONCERN' | 'URGENT'; note?: string | null }>;
  needs?: string[] | null;
  actions?: string | null;
  urgent?: boolean | null;
  photoRef?: string | null;
  signatureRef?: string | null;
  coVisitors?: string[] | null;
  signOffs?: Array<{ role: string; name: string; signedAt: string }> | null;
  changes?: string[] | null;
}

export interface DueVisit {
  subject: SubjectEntity;
  tier: TierResult | null;
  due: DueDecision;
  lastVisitAt: Date | null;
}

export class VisitService {
  constructor(
    private readonly db: DataSource,
    private readonly subjects: SubjectService,
    private readonly regions: RegionService,
    private readonly tiers: TierService,
    private readonly policy: PolicyService,
    private readonly signal: EventSignal,
  ) {}

  byIds(ids: readonly string[]) {
    return this.db.getRepository(VisitEntity).findBy({ id: In([...ids]) });
  }

  urgentCasesByIds(ids: readonly string[]) {
    return this.db.getRepository(UrgentCaseEntity).findBy({ id: In([...ids]) });
  }

  /** Opens a visit: the record fills itself from the ID number and the region's template comes back. */
  async start(
    rawIdNumber: string,
    mode: 'HOME' | 'PHONE',
    identity: Identity,
    authorization: string,
    now = new Date(),
    visitor = identity.user,
  ) {
    const { idNumber } = parseIdNumber(rawIdNumber, 'idNumber');
    authorize(identity, VISITORS, 'starting a visit');
    const [subject] = await this.subjects.byIdNumbers([idNumber]);
    if (!subject) throw new NotFoundError('subject with ID number', idNumber, 'idNumber');
    if (!isVisibleTo(subject, identity))
      throw new ForbiddenError(`this subject is outside your region ${identity.region}`);
    const snapshot = await this.policy.snapshot();
    const tier = (await this.tiers.decide([subject], authorization, snapshot, now)).get(subject.id);
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
    const template = templateOn(tier.pack, chinaDate(now));
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO visits (id, subject_id, township_code, visitor, mode, started_at, pack_key, pack_version, tier, template)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        id,
        subject.id,
        await this.responsibleTownship(subject),
        visitor,
        mode,
        now,
        tier.pack.key,
        tier.pack.version,
        tier.decision.tier,
        template,
      ],
    );
    return this.db.getRepository(VisitEntity).findOneByOrFail({ id });
  }

  /**
   * Ends a visit with findings for every dimension of its template; computes the next due date from
   * the pack, the report and plan deadlines when a change was found, and opens an urgent case when
   * a finding is urgent. All in one transaction; a visit ends once.
   */
  async end(id: string, input: FindingsInput, identity: Identity, authorization: string) {
    authorize(identity, VISITORS, 'ending a visit');
    const visit = await this.db.getRepository(VisitEntity).findOneBy({ id });
    if (!visit) throw new NotFoundError('visit', id, 'id');
    if (visit.endedAt)
      throw new ConflictError(`visit ${id} was already ended at ${visit.endedAt.toISOString()}`);
    if (visit.visitor !== identity.user && identity.role === Role.VISITOR) {
      throw new ForbiddenError('only the visitor who started this visit, or staff, may end it');
    }
    const endedAt = parseIsoDateTime(input.endedAt, 'input.endedAt');
    // a visit recorded offline syncs later: its record then starts no later than its end
    const startedAt = endedAt < visit.startedAt ? endedAt : visit.startedAt;
    if (visit.startedAt.getTime() - endedAt.getTime() > 7 * 86_400_000) {
      throw new InvalidInputError(
        'input.endedAt',
        'is more than 7 days before the visit was opened',
        'DATE_ORDER',
      );
    }
    if (endedAt.getTime() > Date.now() + 5 * 60_000)
      throw new InvalidInputError('input.endedAt', 'is in the future', 'DATE_ORDER');
    const findings = this.checkFindings(visit, input);
    const needs = input.needs ?? [];
    needs.forEach((n, i) => {
      if (!NEED.test(n))
        throw new InvalidInputError(
          `input.needs[${i}]`,
          'use an upper-case need code such as MEDICAL',
          'FORMAT',
        );
    });
    const signOffs: SignOff[] = (input.signOffs ?? []).map((s, i) => ({
      role: s.role.trim(),
      name: s.name.trim(),
      signedAt: parseIsoDateTime(s.signedAt, `input.signOffs[${i}].signedAt`).toISOString(),
    }));

    const [subject] = await this.subjects.byIds([visit.subjectId]);
    const urgent = input.urgent === true || findings.some((f) => f.status === 'URGENT');
    const snapshot = await this.policy.snapshot();
    const found = snapshot.packFor(subject.registeredRegionCode);
    if (!found) throw new ConflictError(`no policy pack covers region ${subject.registeredRegionCode}`);
    const { pack } = found;
    // everything is read and decided before the transaction, which only writes
    const { records } = await this.tiers.records([subject], authorization);
    const record = records[0];
    const urgentCase = urgent
      ? {
          id: randomUUID(),
          subjectId: subject.id,
          occurredAt: endedAt,
          visitDeadline: addDuration(endedAt, pack.urgentCases.visitWithin),
          description:
            findings
              .filter((f) => f.status === 'URGENT')
              .map((f) => `${f.dimension}: ${f.note}`)
              .join('; ') || '探访中发现急难情况',
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
    const due = nextDue(pack, decision.tier, history, facts, endedAt);
    const changes = input.changes ?? [];
    const day = chinaDate(endedAt);
    const deadlines = pack.deadlines;
    const reportDue =
      changes.length && deadlines?.changeReportWorkingDays
        ? addWorkingDays(day, deadlines.changeReportWorkingDays, snapshot.calendar)
        : null;
    const planDue =
      changes.length && deadlines?.assistancePlanWorkingDays
        ? addWorkingDays(day, deadlines.assistancePlanWorkingDays, snapshot.calendar)
        : null;

    const ended = await this.db.transaction(async (tx) => {
      // optimistic: two people ending the same visit at once end it once
      const claimed = await updateReturning(
        tx,
        `UPDATE visits SET version = version + 1 WHERE id = $1 AND version = $2 AND ended_at IS NULL RETURNING id`,
        [id, visit.version],
      );
      if (!claimed.length) throw new ConflictError(`visit ${id} was ended meanwhile`);
      if (urgentCase) {
        // found on this visit, so this visit is its first visit; dashboards hear of it (alerts issue)
        await tx.query(
          `INSERT INTO urgent_cases (id, subject_id, kind, occurred_at, description, visit_deadline, reported_by)
           VALUES ($1, $2, 'OTHER', $3, $4, $5, $6)`,
          [
            urgentCase.id,
            subject.id,
            endedAt,
            urgentCase.description,
            urgentCase.visitDeadline,
            identity.user,
          ],
        );
        await appendEvent(tx, 'URGENT_CASE', urgentCase.id, subject.registeredRegionCode, null);
      }
      await tx.query(
        `UPDATE visits SET started_at = $15, ended_at = $2, findings = $3, needs = $4, actions = $5, photo_ref = $6, signature_ref = $7,
           co_visitors = $8, sign_offs = $9, changes = $10, next_due_at = $11, change_report_due = $12,
           assistance_plan_due = $13, urgent_case_id = $14
         WHERE id = $1`,
        [
          id,
          endedAt,
          JSON.stringify(findings),
          needs,
          input.actions ?? null,
          input.photoRef ?? null,
          input.signatureRef ?? null,
          input.coVisitors ?? [],
          JSON.stringify(signOffs),
          changes,
          due.dueAt,
          reportDue,
          planDue,
          urgentCase?.id ?? null,
          startedAt,
        ],
      );
      await appendEvent(tx, 'VISIT', id, subject.registeredRegionCode, null);
      // this visit answers every urgent case that happened before it
      await tx.query(
        `UPDATE urgent_cases SET visit_id = $1 WHERE subject_id = $2 AND visit_id IS NULL AND occurred_at <= $3`,
        [id, subject.id, endedAt],
      );
      return tx.getRepository(VisitEntity).findOneByOrFail({ id });
    });
    this.signal.wake();
    return ended;
  }

  private checkFindings(visit: VisitEntity, input: FindingsInput): Finding[] {
    const dimensions = new Set(visit.template.dimensions.map((d) => d.key));
    const seen = new Set<string>();
    const findings = input.findings.map((f, i) => {
      if (!dimensions.has(f.dimension)) {
        throw new InvalidInputError(
          `input.findings[${i}].dimension`,
          `"${f.dimension}" is not in template ${visit.template.key} (${[...dimensions].join(', ')})`,
          'UNKNOWN_DIMENSION',
        );
      }
      if (seen.has(f.dimension))
        throw new InvalidInputError(
          `input.findings[${i}].dimension`,
          `"${f.dimension}" is given twice`,
          'DUPLICATE',
        );
      seen.add(f.dimension);
      if (f.status !== 'OK' && !f.note?.trim()) {
        throw new InvalidInputError(
          `input.findings[${i}].note`,
          `a ${f.status} finding needs a note saying what was found`,
          'REQUIRED',
        );
      }
      return { dimension: f.dimension, status: f.status, note: f.note?.trim() || null };
    });
    if (!findings.length)
      throw new InvalidInputError('input.findings', 'give at least one finding', 'REQUIRED');
    return findings;
  }

  /**
   * Imports a visit done earlier (records kept on paper or in a previous system): ADMIN only, with
   * its own dates and visitor; the same checks as a visit recorded live. Nothing stays half-written.
   */
  async importVisit(
    rawIdNumber: string,
    mode: 'HOME' | 'PHONE',
    visitor: string,
    startedAtText: string,
    input: FindingsInput,
    identity: Identity,
    authorization: string,
  ) {
    authorize(
      identity,
      { departments: [Department.CIVIL_AFFAIRS], roles: [Role.ADMIN] },
      'importing visit history',
    );
    const startedAt = parseIsoDateTime(startedAtText, 'startedAt');
    if (startedAt > new Date()) throw new InvalidInputError('startedAt', 'is in the future', 'DATE_ORDER');
    if (parseIsoDateTime(input.endedAt, 'input.endedAt') < startedAt) {
      throw new InvalidInputError('input.endedAt', 'is before startedAt', 'DATE_ORDER');
    }
    if (!visitor.trim()) throw new InvalidInputError('visitor', 'name who visited', 'REQUIRED');
    const visit = await this.start(rawIdNumber, mode, identity, authorization, startedAt, visitor.trim());
    try {
      return await this.end(visit.id, input, identity, authorization);
    } catch (e) {
      await this.db.query(`DELETE FROM visits WHERE id = $1 AND ended_at IS NULL`, [visit.id]);
      throw e;
    }
  }

  /** Visits whose findings showed a change, with the report and plan deadlines still ahead or missed. */
  async changeDeadlines(regionCode: string, identity: Identity): Promise<VisitEntity[]> {
    await this.regions.requireAll({ regionCode }, []);
    authorize(identity, { departments: [Department.CIVIL_AFFAIRS], regionCode }, 'reading change deadlines');
    return this.db
      .getRepository(VisitEntity)
      .createQueryBuilder('v')
      .where('v.township_code LIKE :prefix', { prefix: `${regionCode.slice(0, 9)}%` })
      .andWhere('v.change_report_due IS NOT NULL')
      .orderBy('v.change_report_due', 'ASC')
      .getMany();
  }

  /** Visits are organised by the township of registration, unless delegated to the residence township. */
  async responsibleTownship(subject: SubjectEntity): Promise<string> {
    const [delegation] = await this.db.query(
      `SELECT township_code FROM visit_delegations WHERE subject_id = $1`,
      [subject.id],
    );
    return delegation?.township_code ?? subject.registeredRegionCode.slice(0, 9);
  }

  /** 人户分离: hands the visiting duty to another township (normally the residence's). */
  async delegate(rawIdNumber: string, townshipCode: string, reason: string, identity: Identity) {
    const { idNumber } = parseIdNumber(rawIdNumber, 'idNumber');
    await this.regions.requireAll({ townshipCode }, [RegionLevel.TOWNSHIP]);
    const [subject] = await this.subjects.byIdNumbers([idNumber]);
    if (!subject) throw new NotFoundError('subject with ID number', idNumber, 'idNumber');
    authorize(identity, { ...STAFF, regionCode: subject.registeredRegionCode }, 'delegating visits');
    const found = (await this.policy.snapshot()).packFor(subject.registeredRegionCode);
    if (!found?.pack.visits.delegationToResidence.allowed) {
      throw new ConflictError(
        `${found?.pack.name ?? 'no policy pack'} keeps the visiting duty with the township of registration (${found?.pack.visits.delegationToResidence.source ?? ''})`,
      );
    }
    if (!reason.trim()) throw new InvalidInputError('reason', 'say why the duty moves', 'REQUIRED');
    await this.db.query(
      `INSERT INTO visit_delegations (subject_id, township_code, reason, delegated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (subject_id) DO UPDATE SET township_code = EXCLUDED.township_code, reason = EXCLUDED.reason,
         delegated_at = now(), delegated_by = EXCLUDED.delegated_by`,
      [subject.id, townshipCode, reason.trim(), identity.user],
    );
    return subject;
  }

  /**
   * Every subject the region is responsible for, with the next due visit, as of `asOf`: one query
   * per table and one call per partner department for the whole region.
   */
  async dueList(
    regionCode: string,
    identity: Identity,
    authorization: string,
    asOf: Date,
  ): Promise<DueVisit[]> {
    await this.regions.requireAll({ regionCode }, []);
    authorize(
      identity,
      { departments: [Department.CIVIL_AFFAIRS], regionCode },
      'reading the visiting schedule',
    );
    const subjects: SubjectEntity[] = await this.db
      .getRepository<SubjectEntity>('SubjectEntity')
      .createQueryBuilder('s')
      .leftJoin('visit_delegations', 'd', 'd.subject_id = s.id')
      .where(`COALESCE(d.township_code, s.registered_region_code) LIKE :prefix`, { prefix: `${regionCode}%` })
      .orderBy('s.registered_region_code')
      .addOrderBy('s.id_number')
      .getMany();
    if (!subjects.length) return [];
    const snapshot = await this.policy.snapshot();
    const [tiers, lastVisits] = await Promise.all([
      this.tiers.decide(subjects, authorization, snapshot, asOf),
      this.db.query(
        `SELECT DISTINCT ON (subject_id) subject_id, ended_at FROM visits
         WHERE subject_id = ANY($1) AND ended_at IS NOT NULL ORDER BY subject_id, ended_at DESC`,
        [subjects.map((s) => s.id)],
      ),
    ]);
    const last = new Map<string, Date>(
      lastVisits.map((v: { subject_id: string; ended_at: Date }) => [v.subject_id, new Date(v.ended_at)]),
    );
    return subjects.map((subject) => {
      const tier = tiers.get(subject.id) ?? null;
      const lastVisitAt = last.get(subject.id) ?? null;
      if (!tier)
        return {
          subject,
          tier,
          lastVisitAt,
          due: { dueAt: null, reason: '所在地区未配置政策包', source: '' },
        };
      const open = tier.record.urgentCases
        .filter((u) => !lastVisitAt || lastVisitAt < u.occurredAt)
        .map((u) => u.visitDeadline);
      const due = nextDue(
        tier.pack,
        tier.decision.tier,
        {
          registeredAt: subject.createdAt,
          lastVisitAt,
          openUrgentDeadlines: open,
          exitedAt: exitedAt(tier.record.assistance),
        },
        subjectFacts(tier.record, tier.pack.urgentCases.recentWindow, asOf),
        asOf,
      );
      return { subject, tier, lastVisitAt, due };
    });
  }
}

/** The end of a China-time calendar day, for "as of" dates. */
export function endOfChinaDay(date: string, field: string): Date {
  const day = parseIsoDate(date, field);
  return new Date(new Date(`${day}T00:00:00+08:00`).getTime() + 86_400_000 - 1);
}
