import type { DataSource, EntityManager } from 'typeorm';
import type { AssistanceEntity } from '../registry/assistance.entity';
import type { HouseholdEntity } from '../registry/household.entity';
import { regionCodeMatch } from '../registry/region.repository';
import { SubjectEntity } from '../registry/subject.entity';
import type { UrgentCaseEntity } from '../urgent-cases/urgent-case.entity';
import { PartnerFactsEntity, SubjectStandingEntity } from './standing.entity';

/** Everything a subject's standing is decided on, read in one statement for a batch. */
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

/** How a region code selects standings by where they are visited from (see `regionCodeMatch`). */
export function visitRegionMatch(regionPrefix: string): { sql: string; value: string } {
  return regionCodeMatch(
    { code: 'visit_region_code', county: 'visit_county_code', township: 'visit_township_code' },
    regionPrefix,
  );
}

export class StandingRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * One statement for a batch: each subject with its statuses, household, urgent cases, partner
   * facts, last complete care visit, delegation and open follow-ups as JSON beside it. Standings are
   * recomputed on every write that touches a person (a registration, each partner's facts, a visit),
   * and eight statements each were most of a write's SQL on the embedded database.
   */
  async inputs(
    subjectIds: readonly string[],
    tx: EntityManager = this.db.manager,
  ): Promise<StandingInputs[]> {
    if (!subjectIds.length) return [];
    const { entities, raw } = await tx
      .getRepository(SubjectEntity)
      .createQueryBuilder('s')
      .addSelect(
        `(SELECT coalesce(json_agg(json_build_object('subjectId', a.subject_id, 'category', a.category, 'status', a.status,
           'since', a.since::text, 'until', a.until::text)), '[]') FROM assistance_statuses a WHERE a.subject_id = s.id)`,
        'in_assistance',
      )
      .addSelect(
        `(SELECT json_build_object('id', h.id, 'size', h.size, 'monthlyIncomePerCapita', h.monthly_income_per_capita::float)
           FROM households h WHERE h.id = s.household_id)`,
        'in_household',
      )
      .addSelect(
        `(SELECT coalesce(json_agg(json_build_object('id', u.id, 'subjectId', u.subject_id, 'occurredAt', u.occurred_at,
           'visitDeadline', u.visit_deadline) ORDER BY u.occurred_at DESC), '[]') FROM urgent_cases u WHERE u.subject_id = s.id)`,
        'in_urgent',
      )
      .addSelect(
        `(SELECT coalesce(json_agg(json_build_object('idNumber', f.id_number, 'department', f.department, 'facts', f.facts,
           'asOf', f.as_of)), '[]') FROM partner_facts f WHERE f.id_number = s.id_number)`,
        'in_facts',
      )
      .addSelect(
        `(SELECT max(v.ended_at) FROM visits v
           WHERE v.subject_id = s.id AND v.ended_at IS NOT NULL AND v.complete AND v.kind = 'CARE')`,
        'in_last_visit',
      )
      .addSelect(
        `(SELECT d.township_code FROM visit_delegations d WHERE d.subject_id = s.id)`,
        'in_delegated',
      )
      .addSelect(
        `(SELECT coalesce(json_agg(r.follow_up_due_at), '[]') FROM referrals r
           WHERE r.subject_id = s.id AND r.follow_up_due_at IS NOT NULL AND r.followed_up_at IS NULL)`,
        'in_follow_ups',
      )
      .where('s.id = ANY(:ids)', { ids: [...subjectIds] })
      .comment('standingInputs (ids)')
      .getRawAndEntities();
    const rows = new Map<string, Record<string, any>>(raw.map((r) => [r.s_id, r]));
    const date = (value: string | Date) => new Date(value);
    return entities.map((subject) => {
      const row = rows.get(subject.id)!;
      return {
        subject,
        assistance: row.in_assistance,
        household: row.in_household ?? null,
        urgentCases: row.in_urgent.map((u: Record<string, any>) => ({
          ...u,
          occurredAt: date(u.occurredAt),
          visitDeadline: u.visitDeadline && date(u.visitDeadline),
        })),
        partnerFacts: row.in_facts.map((f: Record<string, any>) => ({ ...f, asOf: date(f.asOf) })),
        lastVisitAt: row.in_last_visit ? date(row.in_last_visit) : null,
        visitRegionCode: row.in_delegated ?? subject.registeredRegionCode,
        followUpsDue: row.in_follow_ups.map(date),
      };
    });
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
