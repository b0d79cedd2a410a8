import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The partners' audit entries that name a person, as each partner ships them (shared/access-log.ts),
 * for that person's `myAccessLog`. A mirror, not the record: each partner's own hash-chained log
 * stays the authority. `department` is the department whose log holds the entry (and whose data
 * it was), `caller_department` the department that read or changed it. No actor: staff names stay
 * in the department's own log.
 */
export class AccessLog1764000000960 implements MigrationInterface {
  name = 'AccessLog1764000000960';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_log (
        department        varchar(20) NOT NULL,
        seq               bigint NOT NULL,
        at                timestamptz NOT NULL,
        caller_department varchar(20) NOT NULL,
        role              varchar(20) NOT NULL,
        operation         text NOT NULL,
        kind              text NOT NULL CHECK (kind IN ('READ', 'WRITE')),
        subject_id_number text NOT NULL,
        fields            text[] NOT NULL,
        received_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (department, seq)
      )`);
    await q.query(`CREATE INDEX access_log_subject ON access_log (subject_id_number, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE access_log`);
  }
}
