import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monthly reports walk a region's people by village then ID number, a batch at a time (#11):
 * byte-wise ("C") so that a region code's prefix is a range of the index and each batch starts
 * where the last ended, without sorting the district again.
 */
export class ReportOrder1764000001101 implements MigrationInterface {
  name = 'ReportOrder1764000001101';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX subjects_report_order ON subjects (registered_region_code COLLATE "C", id_number COLLATE "C")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX subjects_report_order`);
  }
}
