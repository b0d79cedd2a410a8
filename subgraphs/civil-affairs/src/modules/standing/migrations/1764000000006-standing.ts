import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner facts kept with their source and as-of time, and each subject's standing (tier, next due
 * visit, the facts they were decided on) stored and kept current, so lists are indexed queries.
 */
export class Standing1764000000006 implements MigrationInterface {
  name = 'Standing1764000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partner_facts (
        id_number   varchar(18) NOT NULL,
        department  varchar(20) NOT NULL,
        facts       jsonb NOT NULL,
        as_of       timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id_number, department)
      )`);
    // who a partner has not told anything about yet: the catch-up's work list, kept by the writes
    await q.query(`
      CREATE TABLE partner_facts_pending (
        id_number  varchar(18) NOT NULL,
        department varchar(20) NOT NULL,
        since      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id_number, department)
      )`);
    await q.query(
      `CREATE INDEX partner_facts_pending_department ON partner_facts_pending (department, since)`,
    );
    await q.query(`
      INSERT INTO partner_facts_pending (id_number, department)
      SELECT s.id_number, d.department FROM subjects s
      CROSS JOIN (VALUES ('HEALTH'), ('DISABILITY'), ('TRADE_UNION')) AS d(department)`);
    await q.query(`
      CREATE TABLE subject_standing (
        subject_id             uuid PRIMARY KEY REFERENCES subjects(id) ON DELETE CASCADE,
        id_number              varchar(18) NOT NULL UNIQUE,
        registered_region_code varchar(12) NOT NULL,
        residence_region_code  varchar(12) NOT NULL,
        visit_region_code          varchar(12) NOT NULL,
        tier                   varchar(20),
        decision               jsonb,
        pack                   varchar(80),
        facts                  jsonb NOT NULL,
        due_at                 timestamptz,
        due_reason             text NOT NULL,
        due_source             text NOT NULL,
        last_visit_at          timestamptz,
        valid_until            timestamptz,
        computed_at            timestamptz NOT NULL DEFAULT now()
      )`);
    // a region's (village, township, county) list in due order: a prefix range scan, then the date
    await q.query(
      `CREATE INDEX subject_standing_visit_region_due ON subject_standing (visit_region_code text_pattern_ops, due_at, subject_id)`,
    );
    await q.query(`CREATE INDEX subject_standing_due ON subject_standing (due_at, subject_id)`);
    await q.query(`CREATE INDEX subject_standing_valid_until ON subject_standing (valid_until)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE subject_standing`);
    await q.query(`DROP TABLE partner_facts_pending`);
    await q.query(`DROP TABLE partner_facts`);
  }
}
