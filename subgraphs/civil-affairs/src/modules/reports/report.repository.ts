import { Any, DataSource } from 'typeorm';
import { DiscoveryEntity } from '../discoveries/discovery.entity';
import { SubjectEntity } from '../registry/subject.entity';

/** A batch of discoveries with the name of the person each is about. */
export type DiscoveryRow = DiscoveryEntity & { subjectName: string };

/**
 * The monthly reports' reads, in keyset batches: a district of any size is read a batch at a time,
 * never whole (the indexes are the registry's on the region codes and the unique ID number).
 */
export class ReportRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * People registered in the region after the cursor, by village then ID number: a keyset walk of
   * the `subjects_report_order` index (codes and ID numbers compared byte-wise, so the region is a
   * range of it), each batch costing the same however far into the district it is.
   */
  async subjects(
    regionCode: string,
    after: { regionCode: string; idNumber: string } | null,
    limit: number,
  ): Promise<SubjectEntity[]> {
    const keys: Array<{ id: string }> = await this.db.query(
      `/* reportSubjects (regionCode, after, limit) */
       SELECT id FROM subjects
        WHERE registered_region_code COLLATE "C" >= $1 AND registered_region_code COLLATE "C" < $1 || ':'
          AND (registered_region_code COLLATE "C", id_number COLLATE "C") > ($2, $3)
        ORDER BY registered_region_code COLLATE "C", id_number COLLATE "C"
        LIMIT $4`,
      [regionCode, after?.regionCode ?? '', after?.idNumber ?? '', limit],
    );
    if (keys.length === 0) return [];
    const order = new Map(keys.map((k, i) => [k.id, i]));
    // one array parameter, not one per id (a batch is up to 2,000 people)
    const rows = await this.db
      .getRepository(SubjectEntity)
      .createQueryBuilder('s')
      .where('s.id = ANY(:ids)', { ids: [...order.keys()] })
      .getMany();
    return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }

  /**
   * Discoveries of the region found in [from, to), after the cursor (found_at, id), in that order:
   * a township's by its code, a village's by where the person is registered.
   */
  async discoveries(
    regionCode: string,
    from: Date,
    to: Date,
    after: { foundAt: Date; id: string } | null,
    limit: number,
  ): Promise<DiscoveryRow[]> {
    const rows: Array<{ id: string; subject_name: string }> = await this.db.query(
      `/* reportDiscoveries (regionCode, from, to, after, limit) */
       SELECT d.id, s.name AS subject_name
         FROM discoveries d JOIN subjects s ON s.id = d.subject_id
        WHERE (d.township_code LIKE $1 OR s.registered_region_code LIKE $1)
          AND d.found_at >= $2 AND d.found_at < $3
          AND ($4::timestamptz IS NULL OR (d.found_at, d.id) > ($4::timestamptz, $5::uuid))
        ORDER BY d.found_at, d.id
        LIMIT $6`,
      [`${regionCode}%`, from, to, after?.foundAt ?? null, after?.id ?? null, limit],
    );
    if (rows.length === 0) return [];
    const names = new Map(rows.map((r) => [r.id, r.subject_name]));
    const found = await this.db.getRepository(DiscoveryEntity).findBy({ id: Any([...names.keys()]) });
    const byId = new Map(found.map((d) => [d.id, d]));
    return rows.map((r) => Object.assign(byId.get(r.id)!, { subjectName: r.subject_name }));
  }

  /** 村级救助顾问: the coordinators recorded for these villages, oldest first. */
  async coordinators(villageCodes: readonly string[]): Promise<Array<{ villageCode: string; name: string }>> {
    if (villageCodes.length === 0) return [];
    return this.db.query(
      `/* reportCoordinators (villageCodes) */
       SELECT village_code AS "villageCode", name FROM coordinators
        WHERE village_code = ANY($1) ORDER BY created_at, id`,
      [[...villageCodes]],
    );
  }
}
