import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Referrals between departments (转介) and the event log that subscriptions replay: every urgent case
 * and referral writes its event in the same transaction, with a monotonic cursor.
 */
export class ReferralsEvents1764000000005 implements MigrationInterface {
  name = 'ReferralsEvents1764000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referrals (
        id                uuid PRIMARY KEY,
        subject_id        uuid NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
        program_id        varchar(80) NOT NULL,
        program_name      text NOT NULL,
        to_department     varchar(16) NOT NULL,
        from_department   varchar(16) NOT NULL,
        referred_by       text NOT NULL,
        reason            text NOT NULL,
        status            varchar(12) NOT NULL CHECK (status IN ('PENDING','ACCEPTED','REJECTED','COMPLETED','WITHDRAWN')),
        note              text,
        rejection_reason  text,
        outcome           text,
        consent_reference text,
        override_reason   text,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        version           int NOT NULL DEFAULT 1
      )`);
    // one open referral of a subject to a program
    await q.query(
      `CREATE UNIQUE INDEX referrals_open ON referrals (subject_id, program_id) WHERE status IN ('PENDING','ACCEPTED')`,
    );
    await q.query(`CREATE INDEX referrals_inbox ON referrals (to_department, status, created_at)`);
    await q.query(`
      CREATE TABLE events (
        cursor      bigserial PRIMARY KEY,
        kind        varchar(24) NOT NULL,
        entity_id   uuid NOT NULL,
        region_code varchar(12) NOT NULL,
        department  varchar(16),
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE events`);
    await q.query(`DROP TABLE referrals`);
  }
}
