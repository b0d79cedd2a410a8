import { MigrationInterface, QueryRunner } from 'typeorm';

export class Charity1764000000400 implements MigrationInterface {
  name = 'Charity1764000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE charity_resources (
        id          uuid PRIMARY KEY,
        name        text NOT NULL CHECK (btrim(name) <> ''),
        kind        varchar(24) NOT NULL
                    CHECK (kind IN ('ENTERPRISE','SOCIAL_ORGANIZATION','VOLUNTEER','CHARITY_PROJECT','COMMUNITY_FOUNDATION')),
        region_code varchar(12) NOT NULL CHECK (region_code ~ '^[0-9]+$' AND length(region_code) IN (2,4,6,9,12)),
        capacity    int NOT NULL CHECK (capacity >= 0),
        tags        text[] NOT NULL DEFAULT '{}',
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX charity_resources_region ON charity_resources (region_code varchar_pattern_ops)`,
    );
    await q.query(`
      CREATE TABLE charity_matches (
        id          uuid PRIMARY KEY,
        id_number   varchar(18) NOT NULL,
        resource_id uuid NOT NULL REFERENCES charity_resources(id),
        status      varchar(8) NOT NULL CHECK (status IN ('PROPOSED','ACTIVE','CLOSED')),
        note        text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX charity_matches_id_number ON charity_matches (id_number)`);
    // One open match per subject and resource; the resource's open matches are counted against its capacity.
    await q.query(
      `CREATE UNIQUE INDEX charity_matches_open ON charity_matches (id_number, resource_id) WHERE status <> 'CLOSED'`,
    );
    await q.query(
      `CREATE INDEX charity_matches_open_by_resource ON charity_matches (resource_id) WHERE status <> 'CLOSED'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE charity_matches`);
    await q.query(`DROP TABLE charity_resources`);
  }
}
