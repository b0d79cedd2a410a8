import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 一户一档 with members: several registered people share one household file (size, per-capita
 * income); each member's relation to the head of the household (与户主关系) is kept on the person.
 */
export class HouseholdMembers1764000001300 implements MigrationInterface {
  name = 'HouseholdMembers1764000001300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subjects ADD COLUMN household_relation varchar(16)`);
    // whoever filed a household so far is its head
    await q.query(`UPDATE subjects SET household_relation = 'HEAD' WHERE household_id IS NOT NULL`);
    await q.query(
      `CREATE INDEX subjects_household ON subjects (household_id) WHERE household_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX subjects_household`);
    await q.query(`ALTER TABLE subjects DROP COLUMN household_relation`);
  }
}
