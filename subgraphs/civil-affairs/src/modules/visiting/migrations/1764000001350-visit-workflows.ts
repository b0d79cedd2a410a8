import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Visits as the documents ask (#13): the kind (探访关爱, or Rui'an's 幸福清单送达), whether the visit
 * assessed every dimension its pack requires (an incomplete one resets no due date), the visiting team
 * with roles (Rui'an 组团式探访), and an urgent case's source key, so a partner's push opens one once.
 */
export class VisitWorkflows1764000001350 implements MigrationInterface {
  name = 'VisitWorkflows1764000001350';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE visits
        ADD COLUMN kind               varchar(24) NOT NULL DEFAULT 'CARE'
          CHECK (kind IN ('CARE','HAPPINESS_LIST_DELIVERY')),
        ADD COLUMN complete           boolean,
        ADD COLUMN missing_dimensions text[] NOT NULL DEFAULT '{}',
        ADD COLUMN team               jsonb NOT NULL DEFAULT '[]'`);
    // visits ended before this were accepted as they were
    await q.query(`UPDATE visits SET complete = true WHERE ended_at IS NOT NULL`);
    await q.query(
      `CREATE INDEX visits_subject_counted ON visits (subject_id, ended_at DESC) WHERE complete AND kind = 'CARE'`,
    );
    await q.query(`ALTER TABLE urgent_cases ADD COLUMN source_key text UNIQUE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE urgent_cases DROP COLUMN source_key`);
    await q.query(`DROP INDEX visits_subject_counted`);
    await q.query(
      `ALTER TABLE visits DROP COLUMN kind, DROP COLUMN complete, DROP COLUMN missing_dimensions, DROP COLUMN team`,
    );
  }
}
