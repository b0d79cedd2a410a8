import type { DataSource, EntityManager } from 'typeorm';
import type { AssistanceEntity } from '../registry/assistance.entity';
import type { HouseholdEntity } from '../registry/household.entity';
import { regionCodeMatch } from '../registry/region.repository';
import { SubjectEntity } from '../registry/subject.entity';
import type { UrgentCaseEntity } from '../urgent-cases/urgent-case.entity';
import { PartnerFactsEntity, SubjectStandingEntity } from './standing.entity';

/** Everything a subject's standing is decided on, read in one statement per table for a batch. */
export interface StandingInputs {
  subject: SubjectEntity;
  assistance: AssistanceEntity[];
  household: HouseholdEntity | null;
  urgentCases: UrgentCaseEntity[];
  partnerFacts: PartnerFactsEntity[];
  /** the last complete care visit (an incomplete one, or a 幸福清单 delivery, resets nothing) */
  lastVisitAt: Date | null;
  visitRegionCode: string;
  /** 跟踪回访 due dates of completed referrals not followed up yet */
  followUpsDue: Date[];
}

export interface DuePage {
  regionPrefix: string;
  /** only those due before this moment (overdue lists) */
  dueBefore: Date | null;
  limit: number;
  /** keyset: the last (due_at, subject_id) seen */
  after: { dueAt: Date | null; subjectId: string } | null;
}

/** Runs the reads in parallel on the pool, or one after the other on a transaction's one connection. */
async function inTurn<T extends readonly unknown[]>(
  sequential: boolean,
  reads: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  if (!sequential) return Promise.all(reads.map((r) => r())) as unknown as Promise<T>;
  const out: unknown[] = [];
  for (const read of reads) out.push(await read());
  return out as unknown as T;
}

/** How a region code selects standings by where they are visited from (see `regionCodeMatch`). */
export function visitRegionMatch(regionPrefix: string): { sql: string; value: string } {
  return regionCodeMatch(
    { code: 'visit_region_code', county: 'visit_county_code', township: 'visit_township_code' },
    regionPrefix,
  );
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

export class StandingRepository {
  constructor(private readonly db: DataSource) {}

  async inputs(
    subjectIds: readonly string[],
    tx: EntityManager = this.db.manager,
  ): Promise<StandingInputs[]> {
    if (!subjectIds.length) return [];
    const ids = [...subjectIds];
    const subjects = await tx
      .getRepository(SubjectEntity)
      .createQueryBuilder('s')
      .where('s.id = ANY(:ids)', { ids })
      .comment('standingSubjects (ids)')
      .getMany();
    const idNumbers = subjects.map((s) => s.idNumber);
    const householdIds = subjects.map((s) => s.householdId).filter((h): h is string => !!h);
    const [assistance, households, urgent, facts, visits, delegations, followUps] = await inTurn(
      tx !== this.db.manager,
      [
        () =>
          tx.query(
            `/* standingAssistance (subjectIds) */ SELECT subject_id AS "subjectId", category, status, since::text AS since, until::text AS until
         FROM assistance_statuses WHERE subject_id = ANY($1)`,
            [ids],
          ) as Promise<AssistanceEntity[]>,
        () =>
          householdIds.length
            ? (tx.query(
                `/* standingHouseholds (ids) */ SELECT id, size, monthly_income_per_capita::float AS "monthlyIncomePerCapita"
             FROM households WHERE id = ANY($1)`,
                [householdIds],
              ) as Promise<HouseholdEntity[]>)
            : Promise.resolve([] as HouseholdEntity[]),
        () =>
          tx.query(
            `/* standingUrgentCases (subjectIds) */ SELECT id, subject_id AS "subjectId", occurred_at AS "occurredAt", visit_deadline AS "visitDeadline"
         FROM urgent_cases WHERE subject_id = ANY($1) ORDER BY occurred_at DESC`,
            [ids],
          ) as Promise<UrgentCaseEntity[]>,
        () =>
          tx.query(
            `/* standingPartnerFacts (idNumbers) */ SELECT id_number AS "idNumber", department, facts, as_of AS "asOf"
         FROM partner_facts WHERE id_number = ANY($1)`,
            [idNumbers],
          ) as Promise<PartnerFactsEntity[]>,
        () =>
          tx.query(
            `/* standingLastVisits (subjectIds) */ SELECT subject_id, max(ended_at) AS ended_at
         FROM visits WHERE subject_id = ANY($1) AND ended_at IS NOT NULL AND complete AND kind = 'CARE' GROUP BY subject_id`,
            [ids],
          ) as Promise<Array<{ subject_id: string; ended_at: Date }>>,
        () =>
          tx.query(
            `/* standingDelegations (subjectIds) */ SELECT subject_id, township_code FROM visit_delegations WHERE subject_id = ANY($1)`,
            [ids],
          ) as Promise<Array<{ subject_id: string; township_code: string }>>,
        () =>
          tx.query(
            `/* standingFollowUps (subjectIds) */ SELECT subject_id, follow_up_due_at FROM referrals
         WHERE subject_id = ANY($1) AND follow_up_due_at IS NOT NULL AND followed_up_at IS NULL`,
            [ids],
          ) as Promise<Array<{ subject_id: string; follow_up_due_at: Date }>>,
      ],
    );
    const followUpsBy = groupBy(followUps, (f) => f.subject_id);
    const assistanceBy = groupBy(assistance, (a) => a.subjectId);
    const urgentBy = groupBy(urgent, (u) => u.subjectId);
    const factsBy = groupBy(facts, (f) => f.idNumber);
    const household = new Map(households.map((h) => [h.id, h]));
    const lastVisit = new Map(visits.map((v) => [v.subject_id, new Date(v.ended_at)]));
    const delegated = new Map(delegations.map((d) => [d.subject_id, d.township_code]));
    return subjects.map((subject) => ({
      subject,
      assistance: assistanceBy.get(subject.id) ?? [],
      household: subject.householdId ? (household.get(subject.householdId) ?? null) : null,
      urgentCases: urgentBy.get(subject.id) ?? [],
      partnerFacts: factsBy.get(subject.idNumber) ?? [],
      lastVisitAt: lastVisit.get(subject.id) ?? null,
      visitRegionCode: delegated.get(subject.id) ?? subject.registeredRegionCode,
      followUpsDue: (followUpsBy.get(subject.id) ?? []).map((f) => new Date(f.follow_up_due_at)),
    }));
  }

  /**
   * Stores standings; one computed from an older read never overwrites a newer one (a sweep racing a
   * write's own recompute), since `computed_at` is when its inputs were read.
   */
  async save(rows: SubjectStandingEntity[], tx: EntityManager = this.db.manager): Promise<void> {
    if (!rows.length) return;
    const columns = [
      'subject_id',
      'id_number',
      'registered_region_code',
      'residence_region_code',
      'visit_region_code',
      'tier',
      'decision',
      'pack',
      'facts',
      'due_at',
      'due_reason',
      'due_source',
      'last_visit_at',
      'valid_until',
      'computed_at',
    ];
    const values = rows.flatMap((r) => [
      r.subjectId,
      r.idNumber,
      r.registeredRegionCode,
      r.residenceRegionCode,
      r.visitRegionCode,
      r.tier,
      r.decision ? JSON.stringify(r.decision) : null,
      r.pack,
      JSON.stringify(r.facts),
      r.dueAt,
      r.dueReason,
      r.dueSource,
      r.lastVisitAt,
      r.validUntil,
      r.computedAt,
    ]);
    const tuples = rows.map(
      (_, i) => `(${columns.map((_c, j) => `$${i * columns.length + j + 1}`).join(', ')})`,
    );
    await tx.query(
      `/* saveStandings (rows) */ INSERT INTO subject_standing AS st (${columns.join(', ')})
       VALUES ${tuples.join(', ')}
       ON CONFLICT (subject_id) DO UPDATE SET
         ${columns
           .slice(1)
           .map((c) => `${c} = EXCLUDED.${c}`)
           .join(', ')}
       WHERE st.computed_at <= EXCLUDED.computed_at`,
      values,
    );
  }

  /** Standings read by id number (the eligibility fetch's representations): one statement. */
  byIdNumbers(idNumbers: readonly string[]): Promise<SubjectStandingEntity[]> {
    return this.db
      .getRepository(SubjectStandingEntity)
      .createQueryBuilder('st')
      .where('st.id_number = ANY(:ids)', { ids: [...idNumbers] })
      .comment('standingsByIdNumbers (idNumbers)')
      .getMany();
  }

  async countDueBefore(regionPrefix: string, before: Date): Promise<number> {
    const region = visitRegionMatch(regionPrefix);
    const [{ count }] = await this.db.query(
      `/* countDueBefore (regionPrefix, before) */ SELECT count(*)::int AS count FROM subject_standing
       WHERE ${region.sql.replace(':region', '$1')} AND due_at < $2`,
      [region.value, before],
    );
    return count;
  }

  /**
   * One page of a region's schedule in due order (keyset paging on due_at, subject_id). A township
   * or county is an equality on its stored ancestor code, so the index gives the rows in order and
   * the page reads `limit` entries however large the region.
   */
  duePage(page: DuePage): Promise<SubjectStandingEntity[]> {
    const region = visitRegionMatch(page.regionPrefix);
    const q = this.db
      .getRepository(SubjectStandingEntity)
      .createQueryBuilder('st')
      .where(`st.${region.sql}`, { region: region.value })
      .comment('duePage (regionPrefix, dueBefore, after, limit)');
    if (page.dueBefore) q.andWhere('st.due_at < :before', { before: page.dueBefore });
    if (page.after) {
      q.andWhere(
        !page.after.dueAt
          ? '(st.due_at IS NULL AND st.subject_id > :afterId)'
          : page.dueBefore
            ? '(st.due_at, st.subject_id) > (:afterDue, :afterId)'
            : '((st.due_at, st.subject_id) > (:afterDue, :afterId) OR st.due_at IS NULL)',
        { afterDue: page.after.dueAt, afterId: page.after.subjectId },
      );
    }
    return q
      .orderBy('st.due_at', 'ASC', 'NULLS LAST')
      .addOrderBy('st.subject_id', 'ASC')
      .limit(page.limit)
      .getMany();
  }

  /** Subjects whose standing time alone may have changed, or that have none yet. */
  async stale(now: Date, limit: number): Promise<string[]> {
    const rows: Array<{ subject_id: string }> = await this.db.query(
      `/* staleStandings (now, limit) */ SELECT subject_id FROM subject_standing
       WHERE valid_until <= $1 ORDER BY valid_until LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.subject_id);
  }

  /** Subjects with no standing at all (registered before standings existed): once, at start-up. */
  async missing(limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `/* missingStandings (limit) */ SELECT s.id FROM subjects s
       WHERE NOT EXISTS (SELECT 1 FROM subject_standing st WHERE st.subject_id = s.id) LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** Marks the standings under a region for the sweep (a pack assigned or published there). */
  async markStale(regionPrefix: string): Promise<void> {
    await this.db.query(
      `/* markStale (regionPrefix) */ UPDATE subject_standing SET valid_until = '-infinity' WHERE registered_region_code LIKE $1`,
      [`${regionPrefix}%`],
    );
  }
}
