import { MigrationInterface, QueryRunner } from 'typeorm';

export class UnionMembers1764000000200 implements MigrationInterface {
  name = 'UnionMembers1764000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE union_members (
        id_number        varchar(18) PRIMARY KEY,
        member           boolean NOT NULL,
        employer         text,
        difficult_level  varchar(16) CHECK (difficult_level IN ('DEEP','RELATIVE','ACCIDENT')),
        difficult_since  date,
        difficult_reason text CHECK (btrim(difficult_reason) <> ''),
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CHECK ((difficult_level IS NULL) = (difficult_since IS NULL)
           AND (difficult_level IS NULL) = (difficult_reason IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE union_members`);
  }
}
