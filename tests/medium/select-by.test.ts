/**
 * `selectByAny` (shared/select-by.ts) against a real database: the same entities, field for field and
 * of the same class, as TypeORM's `findBy({ … : Any(…) })` — dates through the isoDate transformer,
 * numerics through the decimal one, nulls, timestamps — and nothing for values not there.
 */
import { Any } from 'typeorm';
import { Database, openDatabase } from '../../shared/database';
import { Department } from '../../shared/departments';
import { configureLogging } from '../../shared/logging';
import { selectByAny } from '../../shared/select-by';
import { SUBGRAPHS } from '../../subgraphs';
import { DisabilityCertificateEntity } from '../../subgraphs/disability/src/entities/disability-certificate.entity';
import { MedicalRecordEntity } from '../../subgraphs/health/src/entities/medical-record.entity';
import { dropTestDatabase, testDatabaseTarget } from '../helpers/databases';

const ELDER = '33038119520315432X';
const WORKER = '330381198805061239';
const NOBODY = '330381199001011234';

describe('selectByAny (medium: a department database)', () => {
  const opened: Array<{ database: Database; target: ReturnType<typeof testDatabaseTarget> }> = [];
  const open = async (department: Department) => {
    configureLogging('medium', 'error', false);
    const definition = SUBGRAPHS.find((s) => s.department === department)!;
    const target = testDatabaseTarget(department);
    const database = await openDatabase({
      target,
      name: 'select-by',
      entities: definition.entities,
      migrations: definition.migrations,
    });
    opened.push({ database, target });
    return database.dataSource;
  };
  afterAll(async () => {
    for (const { database, target } of opened) {
      await database.close();
      await dropTestDatabase(target);
    }
  });

  it('reads medical records as findBy does (numeric, boolean, null, timestamps)', async () => {
    const db = await open(Department.HEALTH);
    await db.query(
      `INSERT INTO medical_records (id_number, insurance_type, major_illness, diagnosis, out_of_pocket_last_12_months)
       VALUES ($1, 'RESIDENT', true, '尿毒症', 12345.67), ($2, 'EMPLOYEE', false, NULL, 0)`,
      [ELDER, WORKER],
    );
    const ids = [ELDER, WORKER, NOBODY];
    const expected = await db.getRepository(MedicalRecordEntity).findBy({ idNumber: Any(ids) });
    const actual = await selectByAny(db, MedicalRecordEntity, 'idNumber')(ids);
    const byId = (rows: MedicalRecordEntity[]) =>
      [...rows].sort((a, b) => a.idNumber.localeCompare(b.idNumber));
    expect(byId(actual)).toEqual(byId(expected));
    expect(actual).toHaveLength(2);
    expect(actual.every((r) => r instanceof MedicalRecordEntity)).toBe(true);
    expect(actual.find((r) => r.idNumber === ELDER)!.outOfPocketLast12Months).toBe(12345.67);
    expect(actual.find((r) => r.idNumber === ELDER)!.createdAt).toBeInstanceOf(Date);
    expect(await selectByAny(db, MedicalRecordEntity, 'idNumber')([])).toEqual([]);
  });

  it('reads disability certificates as findBy does (a date as YYYY-MM-DD, and null), in a transaction too', async () => {
    const db = await open(Department.DISABILITY);
    await db.query(
      `INSERT INTO disability_certificates (id_number, certificate_number, category, grade, issued_at)
       VALUES ($1, $2, 'PHYSICAL', 2, '2019-04-01'), ($3, $4, 'VISUAL', 1, NULL)`,
      [ELDER, `${ELDER}32`, WORKER, `${WORKER}11`],
    );
    const select = selectByAny(db, DisabilityCertificateEntity, 'idNumber');
    const expected = await db
      .getRepository(DisabilityCertificateEntity)
      .findBy({ idNumber: Any([ELDER, WORKER]) });
    const actual = await db.transaction((tx) => select([WORKER, ELDER], tx));
    const byId = (rows: DisabilityCertificateEntity[]) =>
      [...rows].sort((a, b) => a.idNumber.localeCompare(b.idNumber));
    expect(byId(actual)).toEqual(byId(expected));
    expect(actual.find((r) => r.idNumber === ELDER)!.issuedAt).toBe('2019-04-01');
    expect(actual.find((r) => r.idNumber === WORKER)!.issuedAt).toBeNull();
  });
});
