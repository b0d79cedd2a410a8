import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Leads listed by region through an index (#12): a lead's region is stored on its row — the
 * registered village of the person it is about, or, while that person is not registered, the
 * township where it was found — with its county and township as stored ancestor codes, so a
 * county's or township's list is an equality then `found_at` (or, for the observation list,
 * `review_on`) in index order: a page reads `first` entries however many leads the region holds.
 * Triggers keep it true: a lead filed, or linked when its person is registered, takes the person's
 * village; a person who moves takes their leads along. A writer that knows the region already (the
 * seed generator) may give it on insert.
 */
export class DiscoveryRegion1764000001750 implements MigrationInterface {
  name = 'DiscoveryRegion1764000001750';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE discoveries
        ADD COLUMN region_code varchar(12),
        ADD COLUMN region_county_code varchar(6) GENERATED ALWAYS AS (left(region_code, 6)) STORED,
        ADD COLUMN region_township_code varchar(9) GENERATED ALWAYS AS (left(region_code, 9)) STORED`);
    await q.query(`
      UPDATE discoveries d SET region_code = COALESCE(
        (SELECT s.registered_region_code FROM subjects s WHERE s.id = d.subject_id), d.township_code)`);
    await q.query(`ALTER TABLE discoveries ALTER COLUMN region_code SET NOT NULL`);
    await q.query(`
      CREATE FUNCTION discoveries_region() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' OR NEW.region_code IS NULL THEN
          NEW.region_code := COALESCE(
            (SELECT registered_region_code FROM subjects WHERE id = NEW.subject_id), NEW.township_code);
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER discoveries_region BEFORE INSERT OR UPDATE OF subject_id, township_code ON discoveries
        FOR EACH ROW EXECUTE FUNCTION discoveries_region()`);
    await q.query(`
      CREATE FUNCTION subjects_move_discoveries() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE discoveries SET region_code = NEW.registered_region_code WHERE subject_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER subjects_move_discoveries AFTER UPDATE OF registered_region_code ON subjects
        FOR EACH ROW WHEN (OLD.registered_region_code IS DISTINCT FROM NEW.registered_region_code)
        EXECUTE FUNCTION subjects_move_discoveries()`);
    // discoveries: newest first; the observation list (closed as not eligible): by review date
    for (const [name, column, pattern] of [
      ['county', 'region_county_code', ''],
      ['township', 'region_township_code', ''],
      ['region', 'region_code', ' varchar_pattern_ops'],
    ]) {
      await q.query(
        `CREATE INDEX discoveries_${name}_found ON discoveries (${column}${pattern}, found_at, id)`,
      );
      await q.query(
        `CREATE INDEX discoveries_${name}_review ON discoveries (${column}${pattern}, review_on, id)
         WHERE status = 'CLOSED' AND decision = 'NOT_ELIGIBLE'`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['county', 'township', 'region']) {
      await q.query(`DROP INDEX discoveries_${name}_review`);
      await q.query(`DROP INDEX discoveries_${name}_found`);
    }
    await q.query(`DROP TRIGGER subjects_move_discoveries ON subjects`);
    await q.query(`DROP FUNCTION subjects_move_discoveries()`);
    await q.query(`DROP TRIGGER discoveries_region ON discoveries`);
    await q.query(`DROP FUNCTION discoveries_region()`);
    await q.query(
      `ALTER TABLE discoveries DROP COLUMN region_township_code, DROP COLUMN region_county_code, DROP COLUMN region_code`,
    );
  }
}
