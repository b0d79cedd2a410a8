import { MigrationInterface, QueryRunner } from 'typeorm';

export class MedicalRecords1764000000300 implements MigrationInterface {
  name = 'MedicalRecords1764000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE medical_records (
        id_number                    varchar(18) PRIMARY KEY,
        insurance_type               varchar(16) NOT NULL CHECK (insurance_type IN ('EMPLOYEE','RESIDENT','NONE')),
        major_illness                boolean NOT NULL,
        diagnosis                    text,
        out_of_pocket_last_12_months numeric(12,2) NOT NULL CHECK (out_of_pocket_last_12_months >= 0),
        created_at                   timestamptz NOT NULL DEFAULT now(),
        updated_at                   timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE medical_records`);
  }
}
