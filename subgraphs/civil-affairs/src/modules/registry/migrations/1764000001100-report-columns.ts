import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the monthly tables print about a person and the registry lacked (#11): the pension part of
 * 基本社会保障, the registered and residence addresses as text, and the village advisor's 家庭主要困难需求
 * and 处理方案. All optional; a registration that leaves one out keeps what is stored.
 */
export class ReportColumns1764000001100 implements MigrationInterface {
  name = 'ReportColumns1764000001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE subjects
        ADD COLUMN pension            varchar(16),
        ADD COLUMN registered_address text,
        ADD COLUMN residence_address  text,
        ADD COLUMN main_needs         text,
        ADD COLUMN handling_plan      text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE subjects
        DROP COLUMN pension, DROP COLUMN registered_address, DROP COLUMN residence_address,
        DROP COLUMN main_needs, DROP COLUMN handling_plan`);
  }
}
