import { MigrationInterface, QueryRunner } from 'typeorm';

export class Registry1764000000000 implements MigrationInterface {
  name = 'Registry1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE regions (
        code        varchar(12) PRIMARY KEY,
        name        text NOT NULL,
        level       varchar(10) NOT NULL CHECK (level IN ('PROVINCE','CITY','COUNTY','TOWNSHIP','VILLAGE')),
        parent_code varchar(12)
      )`);
    await q.query(`CREATE INDEX regions_parent_code ON regions (parent_code)`);
    await q.query(`
      CREATE TABLE households (
        id                        uuid PRIMARY KEY,
        size                      int NOT NULL CHECK (size > 0),
        monthly_income_per_capita numeric(12,2) NOT NULL CHECK (monthly_income_per_capita >= 0),
        property_note             text,
        created_at                timestamptz NOT NULL DEFAULT now(),
        updated_at                timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE subjects (
        id                     uuid PRIMARY KEY,
        id_number              varchar(18) NOT NULL,
        name                   text NOT NULL,
        sex                    varchar(6) NOT NULL CHECK (sex IN ('MALE','FEMALE')),
        birth_date             date NOT NULL,
        phone                  text,
        registered_region_code varchar(12) NOT NULL REFERENCES regions(code),
        residence_region_code  varchar(12) NOT NULL REFERENCES regions(code),
        household_id           uuid REFERENCES households(id),
        living_alone           boolean NOT NULL DEFAULT false,
        dispersed_support      boolean NOT NULL DEFAULT false,
        marital_status         varchar(12),
        registration_type      varchar(12),
        employment             varchar(16),
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now(),
        version                int NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE UNIQUE INDEX subjects_id_number ON subjects (id_number)`);
    await q.query(
      `CREATE INDEX subjects_registered_region ON subjects (registered_region_code varchar_pattern_ops)`,
    );
    await q.query(
      `CREATE INDEX subjects_residence_region ON subjects (residence_region_code varchar_pattern_ops)`,
    );
    await q.query(`
      CREATE TABLE assistance_statuses (
        id         uuid PRIMARY KEY,
        subject_id uuid NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
        category   varchar(32) NOT NULL,
        status     varchar(8) NOT NULL CHECK (status IN ('ACTIVE','ENDED')),
        since      date NOT NULL,
        until      date CHECK (until IS NULL OR until >= since),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX assistance_subject_category_since ON assistance_statuses (subject_id, category, since)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE assistance_statuses`);
    await q.query(`DROP TABLE subjects`);
    await q.query(`DROP TABLE households`);
    await q.query(`DROP TABLE regions`);
  }
}
