import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Visiting care (探访关爱): policy packs and their assignment to regions, the working-day calendar,
 * the subject facts that tier rules read, visits, delegation of the visiting duty, urgent cases.
 */
export class VisitingCare1764000000002 implements MigrationInterface {
  name = 'VisitingCare1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE policy_packs (
        key          varchar(40) NOT NULL,
        version      int NOT NULL CHECK (version > 0),
        document     jsonb NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by text NOT NULL,
        PRIMARY KEY (key, version)
      )`);
    await q.query(`
      CREATE TABLE region_packs (
        region_code varchar(12) PRIMARY KEY REFERENCES regions(code),
        pack_key    varchar(40) NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        assigned_by text NOT NULL
      )`);
    // weekends are rest days unless listed as working (调休); listed non-working days are holidays
    await q.query(`
      CREATE TABLE calendar_days (
        day     date PRIMARY KEY,
        working boolean NOT NULL,
        note    text NOT NULL
      )`);
    await q.query(`ALTER TABLE subjects ADD COLUMN situations text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE subjects ADD COLUMN stable_income boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE visit_delegations (
        subject_id    uuid PRIMARY KEY REFERENCES subjects(id) ON DELETE CASCADE,
        township_code varchar(12) NOT NULL REFERENCES regions(code),
        reason        text NOT NULL,
        delegated_at  timestamptz NOT NULL DEFAULT now(),
        delegated_by  text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE visits (
        id                    uuid PRIMARY KEY,
        subject_id            uuid NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
        township_code         varchar(12) NOT NULL,
        visitor               text NOT NULL,
        co_visitors           text[] NOT NULL DEFAULT '{}',
        mode                  varchar(8) NOT NULL CHECK (mode IN ('HOME','PHONE')),
        started_at            timestamptz NOT NULL,
        ended_at              timestamptz,
        pack_key              varchar(40) NOT NULL,
        pack_version          int NOT NULL,
        tier                  varchar(10) NOT NULL,
        template              jsonb NOT NULL,
        findings              jsonb,
        needs                 text[] NOT NULL DEFAULT '{}',
        changes               text[] NOT NULL DEFAULT '{}',
        actions               text,
        photo_ref             text,
        signature_ref         text,
        sign_offs             jsonb NOT NULL DEFAULT '[]',
        next_due_at           timestamptz,
        change_report_due     date,
        assistance_plan_due   date,
        urgent_case_id        uuid,
        version               int NOT NULL DEFAULT 1,
        CHECK (ended_at IS NULL OR ended_at >= started_at)
      )`);
    await q.query(`CREATE INDEX visits_subject_ended ON visits (subject_id, ended_at DESC)`);
    await q.query(`
      CREATE TABLE urgent_cases (
        id             uuid PRIMARY KEY,
        subject_id     uuid NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
        kind           varchar(24) NOT NULL,
        occurred_at    timestamptz NOT NULL,
        description    text,
        visit_deadline timestamptz NOT NULL,
        visit_id       uuid REFERENCES visits(id),
        reported_at    timestamptz NOT NULL DEFAULT now(),
        reported_by    text NOT NULL
      )`);
    await q.query(`CREATE INDEX urgent_cases_subject ON urgent_cases (subject_id, occurred_at DESC)`);
    await q.query(`ALTER TABLE visits ADD FOREIGN KEY (urgent_case_id) REFERENCES urgent_cases(id)`);

    // Seed assignments (contract README): a region inherits its parent's pack.
    await q.query(`
      INSERT INTO region_packs (region_code, pack_key, assigned_by) VALUES
        ('330381', 'ruian-2021', 'migration'), ('310118', 'qingpu-2024', 'migration'),
        ('310115137', 'hangtou-2022', 'migration'), ('500114', 'qianjiang-2022', 'migration'),
        ('3501', 'fuzhou-2018', 'migration')`);
    // 国务院办公厅 holiday notices for 2025 and 2026: holidays and the weekend days worked instead.
    const holidays: Array<[string, string, string]> = [
      ['2025-01-01', '2025-01-01', '元旦'],
      ['2025-01-28', '2025-02-04', '春节'],
      ['2025-04-04', '2025-04-06', '清明节'],
      ['2025-05-01', '2025-05-05', '劳动节'],
      ['2025-05-31', '2025-06-02', '端午节'],
      ['2025-10-01', '2025-10-08', '国庆节、中秋节'],
      ['2026-01-01', '2026-01-03', '元旦'],
      ['2026-02-15', '2026-02-23', '春节'],
      ['2026-04-04', '2026-04-06', '清明节'],
      ['2026-05-01', '2026-05-05', '劳动节'],
      ['2026-06-19', '2026-06-21', '端午节'],
      ['2026-09-25', '2026-09-27', '中秋节'],
      ['2026-10-01', '2026-10-07', '国庆节'],
    ];
    const workdays: Array<[string, string]> = [
      ['2025-01-26', '春节调休上班'],
      ['2025-02-08', '春节调休上班'],
      ['2025-04-27', '劳动节调休上班'],
      ['2025-09-28', '国庆节调休上班'],
      ['2025-10-11', '国庆节调休上班'],
      ['2026-01-04', '元旦调休上班'],
      ['2026-02-14', '春节调休上班'],
      ['2026-02-28', '春节调休上班'],
      ['2026-05-09', '劳动节调休上班'],
      ['2026-09-20', '国庆节调休上班'],
      ['2026-10-10', '国庆节调休上班'],
    ];
    for (const [from, to, note] of holidays) {
      await q.query(
        `INSERT INTO calendar_days (day, working, note)
         SELECT d::date, false, $3 FROM generate_series($1::date, $2::date, interval '1 day') d`,
        [from, to, note],
      );
    }
    for (const [day, note] of workdays) {
      await q.query(`INSERT INTO calendar_days (day, working, note) VALUES ($1, true, $2)`, [day, note]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE visits DROP COLUMN urgent_case_id`);
    await q.query(`DROP TABLE urgent_cases`);
    await q.query(`DROP TABLE visits`);
    await q.query(`DROP TABLE visit_delegations`);
    await q.query(`ALTER TABLE subjects DROP COLUMN stable_income`);
    await q.query(`ALTER TABLE subjects DROP COLUMN situations`);
    await q.query(`DROP TABLE calendar_days`);
    await q.query(`DROP TABLE region_packs`);
    await q.query(`DROP TABLE policy_packs`);
  }
}
