import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 特困 eligibility's three conditions (《社会救助暂行办法》第十四条), as the registry records them; null
 * is "not known yet", so eligibility answers null instead of a guess (#13).
 */
export class TekunConditions1764000001353 implements MigrationInterface {
  name = 'TekunConditions1764000001353';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE subjects
        ADD COLUMN no_work_capacity     boolean,
        ADD COLUMN no_living_source     boolean,
        ADD COLUMN no_capable_supporter boolean`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE subjects DROP COLUMN no_work_capacity, DROP COLUMN no_living_source, DROP COLUMN no_capable_supporter`,
    );
  }
}
