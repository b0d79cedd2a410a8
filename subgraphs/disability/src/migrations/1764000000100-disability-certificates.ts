import { MigrationInterface, QueryRunner } from 'typeorm';

export class DisabilityCertificates1764000000100 implements MigrationInterface {
  name = 'DisabilityCertificates1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE disability_certificates (
        id_number          varchar(18) PRIMARY KEY,
        certificate_number varchar(20) NOT NULL UNIQUE,
        category           varchar(16) NOT NULL,
        grade              smallint NOT NULL CHECK (grade BETWEEN 1 AND 4),
        issued_at          date,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE disability_certificates`);
  }
}
