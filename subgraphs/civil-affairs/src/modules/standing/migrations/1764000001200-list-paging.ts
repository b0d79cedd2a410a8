import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lists that page and stay flat (#12): a township's or county's due list is an equality on a stored
 * ancestor code, then the due date in index order, so its first page reads `first` index entries
 * however many people the region holds (a prefix range on the village code would read them all and
 * sort). The leads, referrals and warnings lists find their rows by subject through an index.
 */
export class ListPaging1764000001200 implements MigrationInterface {
  name = 'ListPaging1764000001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE subject_standing
        ADD COLUMN visit_county_code varchar(6) GENERATED ALWAYS AS (left(visit_region_code, 6)) STORED,
        ADD COLUMN visit_township_code varchar(9) GENERATED ALWAYS AS (left(visit_region_code, 9)) STORED`);
    await q.query(
      `CREATE INDEX subject_standing_county_due ON subject_standing (visit_county_code, due_at, subject_id)`,
    );
    await q.query(
      `CREATE INDEX subject_standing_township_due ON subject_standing (visit_township_code, due_at, subject_id)`,
    );
    // a region's people by prefix without reading the subjects' rows (an index-only scan), then their leads
    await q.query(
      `CREATE INDEX subjects_registered_region_id ON subjects (registered_region_code varchar_pattern_ops) INCLUDE (id)`,
    );
    await q.query(`CREATE INDEX discoveries_subject ON discoveries (subject_id, found_at)`);
    await q.query(`CREATE INDEX referrals_subject ON referrals (subject_id, created_at)`);
    await q.query(
      `CREATE INDEX early_warnings_village_raised ON early_warnings (village_code varchar_pattern_ops, raised_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX early_warnings_village_raised`);
    await q.query(`DROP INDEX referrals_subject`);
    await q.query(`DROP INDEX discoveries_subject`);
    await q.query(`DROP INDEX subjects_registered_region_id`);
    await q.query(`DROP INDEX subject_standing_township_due`);
    await q.query(`DROP INDEX subject_standing_county_due`);
    await q.query(
      `ALTER TABLE subject_standing DROP COLUMN visit_township_code, DROP COLUMN visit_county_code`,
    );
  }
}
