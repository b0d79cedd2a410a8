import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consent to share a household's economic data with other departments (signed authorisation for the
 * economic check), and early warnings for village advisors (Hangtou: 预警).
 */
export class ConsentsWarnings1764000000004 implements MigrationInterface {
  name = 'ConsentsWarnings1764000000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consents (
        subject_id  uuid NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
        scope       varchar(16) NOT NULL CHECK (scope IN ('ECONOMIC')),
        reference   text NOT NULL,
        signed_on   date NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        revoked_at  timestamptz,
        PRIMARY KEY (subject_id, scope)
      )`);
    await q.query(`
      CREATE TABLE early_warnings (
        id            uuid PRIMARY KEY,
        subject_id    uuid NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
        village_code  varchar(12) NOT NULL,
        rule_key      varchar(40) NOT NULL,
        label         text NOT NULL,
        source        text NOT NULL,
        detail        text NOT NULL,
        status        varchar(16) NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','ACKNOWLEDGED','RESOLVED')),
        raised_at     timestamptz NOT NULL DEFAULT now(),
        notes         jsonb NOT NULL DEFAULT '[]',
        discovery_id  uuid REFERENCES discoveries(id),
        source_key    text,
        version       int NOT NULL DEFAULT 1
      )`);
    // a change reported twice (a retried delivery) raises each warning once
    await q.query(`CREATE UNIQUE INDEX early_warnings_source ON early_warnings (rule_key, source_key)`);
    await q.query(
      `CREATE INDEX early_warnings_village ON early_warnings (village_code varchar_pattern_ops, status)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE early_warnings`);
    await q.query(`DROP TABLE consents`);
  }
}
