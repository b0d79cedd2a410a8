import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 跟踪回访 (#13): a completed referral is followed up by a due date from the region's pack, and the
 * follow-up records whether the help arrived. Referrals may also go to agencies outside the five
 * departments that the documents name (扶贫/乡村振兴, 养老服务, 儿童关爱保护, 住房, 就业, 教育): civil
 * affairs keeps them as an external program list with a contact.
 */
export class ReferralFollowUp1764000001351 implements MigrationInterface {
  name = 'ReferralFollowUp1764000001351';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE referrals
        ADD COLUMN completed_at      timestamptz,
        ADD COLUMN follow_up_due_at  timestamptz,
        ADD COLUMN followed_up_at    timestamptz,
        ADD COLUMN followed_up_by    text,
        ADD COLUMN help_arrived      boolean,
        ADD COLUMN follow_up_note    text`);
    await q.query(
      `CREATE INDEX referrals_follow_up_open ON referrals (subject_id) WHERE follow_up_due_at IS NOT NULL AND followed_up_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE external_programs (
        id          uuid PRIMARY KEY,
        region_code varchar(12) NOT NULL,
        area        varchar(24) NOT NULL
          CHECK (area IN ('INDUSTRY_HELP','ELDERLY_CARE','CHILD_PROTECTION','HOUSING','EMPLOYMENT','EDUCATION')),
        name        text NOT NULL,
        agency      text NOT NULL,
        contact     text NOT NULL,
        created_by  text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (region_code, name)
      )`);
    await q.query(
      `CREATE INDEX external_programs_region ON external_programs (region_code varchar_pattern_ops)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE external_programs`);
    await q.query(`DROP INDEX referrals_follow_up_open`);
    await q.query(`
      ALTER TABLE referrals DROP COLUMN completed_at, DROP COLUMN follow_up_due_at, DROP COLUMN followed_up_at,
        DROP COLUMN followed_up_by, DROP COLUMN help_arrived, DROP COLUMN follow_up_note`);
  }
}
