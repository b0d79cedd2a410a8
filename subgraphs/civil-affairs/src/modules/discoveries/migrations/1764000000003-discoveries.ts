import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Proactive discovery (主动发现): the Qianjiang detail table as data, with the investigation and its
 * outcome, Qingpu's four categories, and the village coordinators (协理员 / 救助顾问).
 */
export class Discoveries1764000000003 implements MigrationInterface {
  name = 'Discoveries1764000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE discoveries (
        id                   uuid PRIMARY KEY,
        subject_id           uuid NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
        township_code        varchar(12) NOT NULL,
        method               varchar(12) NOT NULL CHECK (method IN ('VISIT','DATA_PUSH','IN_WORK')),
        category             varchar(32) NOT NULL,
        suspected_assistance text[] NOT NULL DEFAULT '{}',
        household_situation  text,
        note                 text,
        found_by             text NOT NULL,
        found_by_department  varchar(16) NOT NULL,
        found_at             timestamptz NOT NULL DEFAULT now(),
        source_key           text UNIQUE,
        status               varchar(16) NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','INVESTIGATING','CLOSED')),
        coordinator          text,
        assigned_at          timestamptz,
        person_seen          boolean NOT NULL DEFAULT false,
        situation_clear      boolean NOT NULL DEFAULT false,
        proposal             text,
        investigation        text,
        investigated_at      timestamptz,
        decision             varchar(16) CHECK (decision IN ('INCLUDED','NOT_ELIGIBLE')),
        reason               text,
        included_on          date,
        review_on            date,
        decided_at           timestamptz,
        decided_by           text,
        version              int NOT NULL DEFAULT 1,
        CHECK (decision IS NULL OR status = 'CLOSED'),
        CHECK (decision <> 'NOT_ELIGIBLE' OR reason IS NOT NULL),
        CHECK (decision <> 'INCLUDED' OR included_on IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX discoveries_township ON discoveries (township_code varchar_pattern_ops, status)`,
    );
    await q.query(`
      CREATE TABLE coordinators (
        id           uuid PRIMARY KEY,
        village_code varchar(12) NOT NULL REFERENCES regions(code),
        name         text NOT NULL,
        phone        text,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX coordinators_village ON coordinators (village_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE coordinators`);
    await q.query(`DROP TABLE discoveries`);
  }
}
