import type { DataSource, EntityManager } from 'typeorm';
import type { PartnerFactsEntity } from './standing.entity';
import type { StandingInputs } from './standing.repository';

/** The facts partners published, and whom they have not told anything about yet. */
export class PartnerFactsRepository {
  constructor(private readonly db: DataSource) {}

  /** The facts each partner published about these people (the lookup's live tier reads them). */
  partnerFactsOf(idNumbers: readonly string[]): Promise<PartnerFactsEntity[]> {
    return this.db.query(
      `/* partnerFactsOf (idNumbers) */ SELECT id_number AS "idNumber", department, facts, as_of AS "asOf"
       FROM partner_facts WHERE id_number = ANY($1)`,
      [[...idNumbers]],
    );
  }

  /** Stores a partner's facts unless newer ones are already kept; the subject ids it changed. */
  async saveFacts(
    department: string,
    entries: Array<{ idNumber: string; facts: Record<string, unknown>; asOf: Date }>,
    tx: EntityManager = this.db.manager,
  ): Promise<string[]> {
    if (!entries.length) return [];
    const rows: Array<{ id: string }> = await tx.query(
      `/* savePartnerFacts (department, entries) */
       WITH given AS (
         SELECT * FROM jsonb_to_recordset($2::jsonb) AS g(id_number varchar, facts jsonb, as_of timestamptz)
       ), saved AS (
         INSERT INTO partner_facts AS p (id_number, department, facts, as_of)
         SELECT id_number, $1, facts, as_of FROM given
         ON CONFLICT (id_number, department) DO UPDATE
           SET facts = EXCLUDED.facts, as_of = EXCLUDED.as_of, received_at = now()
           WHERE p.as_of <= EXCLUDED.as_of
         RETURNING p.id_number
       ), heard AS (
         DELETE FROM partner_facts_pending q USING given
         WHERE q.id_number = given.id_number AND q.department = $1
       )
       SELECT s.id FROM subjects s JOIN saved ON saved.id_number = s.id_number`,
      [
        department,
        JSON.stringify(
          entries.map((e) => ({ id_number: e.idNumber, facts: e.facts, as_of: e.asOf.toISOString() })),
        ),
      ],
    );
    return rows.map((r) => r.id);
  }

  /** Registered people a department has told nothing about yet (the catch-up's work list). */
  async lackingFacts(department: string, limit: number, only?: string[]): Promise<string[]> {
    const rows: Array<{ id_number: string }> = await this.db.query(
      `/* lackingPartnerFacts (department, limit, only) */ SELECT id_number FROM partner_facts_pending
       WHERE department = $1 AND ($3::text[] IS NULL OR id_number = ANY($3))
       ORDER BY since LIMIT $2`,
      [department, limit, only ?? null],
    );
    return rows.map((r) => r.id_number);
  }

  /** Notes the departments a subject's facts have not come from yet (the catch-up's work list). */
  async notePending(
    inputs: StandingInputs[],
    departments: readonly string[],
    tx: EntityManager,
  ): Promise<void> {
    const pending = inputs.flatMap((input) =>
      departments
        .filter((d) => !input.partnerFacts.some((f) => f.department === d))
        .map((department) => ({ id_number: input.subject.idNumber, department })),
    );
    if (!pending.length) return;
    await tx.query(
      `/* notePendingFacts (pairs) */ INSERT INTO partner_facts_pending (id_number, department)
       SELECT id_number, department FROM jsonb_to_recordset($1::jsonb) AS p(id_number varchar, department varchar)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(pending)],
    );
  }
}
