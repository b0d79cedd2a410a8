import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Discovery outcomes (#13): what an INCLUDED decision granted (the subject's assistance statuses gain
 * it; Qianjiang's 新增救助群众 ledger reads it), and leads about people not registered yet (street
 * patrol, hotline), filed by name and situation and linked when the person is registered.
 */
export class DiscoveryOutcomes1764000001352 implements MigrationInterface {
  name = 'DiscoveryOutcomes1764000001352';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE discoveries
        ALTER COLUMN subject_id DROP NOT NULL,
        ADD COLUMN person_name     text,
        ADD COLUMN person_id_number varchar(18),
        ADD COLUMN granted         jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN referral_id     uuid REFERENCES referrals(id),
        ADD CONSTRAINT discoveries_someone CHECK (subject_id IS NOT NULL OR person_name IS NOT NULL)`);
    await q.query(
      `CREATE INDEX discoveries_unlinked ON discoveries (person_id_number) WHERE subject_id IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX discoveries_unlinked`);
    await q.query(`
      ALTER TABLE discoveries DROP CONSTRAINT discoveries_someone, DROP COLUMN person_name,
        DROP COLUMN person_id_number, DROP COLUMN granted, DROP COLUMN referral_id`);
  }
}
