import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fuzhou 2018 五(一)/五(三): the roles whose signatures confirm a visit (from the pack when it
 * started), and the change report a visit opens — reported by the township, then the county's
 * initial assistance plan — with whether its deadlines fall inside the known working-day calendar.
 */
export class SignOffAndChangeReports1764000001301 implements MigrationInterface {
  name = 'SignOffAndChangeReports1764000001301';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE visits
        ADD COLUMN sign_off_roles          text[] NOT NULL DEFAULT '{}',
        ADD COLUMN deadline_certain        boolean NOT NULL DEFAULT true,
        ADD COLUMN change_reported_at      timestamptz,
        ADD COLUMN change_reported_by      text,
        ADD COLUMN change_report_note      text,
        ADD COLUMN plan_recorded_at        timestamptz,
        ADD COLUMN plan_recorded_by        text,
        ADD COLUMN plan_measures           text[],
        ADD COLUMN plan_ends_assistance    boolean`);
    // the open change reports of a township, by their report deadline
    await q.query(
      `CREATE INDEX visits_open_changes ON visits (township_code, change_report_due)
         WHERE change_report_due IS NOT NULL AND plan_recorded_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX visits_open_changes`);
    await q.query(`
      ALTER TABLE visits
        DROP COLUMN sign_off_roles, DROP COLUMN deadline_certain, DROP COLUMN change_reported_at,
        DROP COLUMN change_reported_by, DROP COLUMN change_report_note, DROP COLUMN plan_recorded_at,
        DROP COLUMN plan_recorded_by, DROP COLUMN plan_measures, DROP COLUMN plan_ends_assistance`);
  }
}
