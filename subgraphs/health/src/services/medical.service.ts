import { DataSource } from 'typeorm';
import { Identity } from '../../../../shared/auth';
import { Department } from '../../../../shared/departments';
import { InvalidInputError } from '../../../../shared/errors';
import { checkSubjectRecordWrite } from '../../../../shared/partner-subject';
import { publishFacts } from '../../../../shared/partner-facts';
import type { PartnerKit } from '../../../../shared/partner-subgraph';
import type { Facts } from '../../../../shared/policy/conditions';
import { parametersFor } from '../../../../shared/policy/programs';
import { SelectBy, selectByAny } from '../../../../shared/select-by';

export const DATA_PUSH = 'CIVIL_AFFAIRS_DISCOVERY';
/** a newly recorded major illness, for civil affairs' early warnings */
export const HEALTH_CHANGE = 'CIVIL_AFFAIRS_HEALTH_CHANGE';
import { MedicalRecordEntity } from '../entities/medical-record.entity';
import { InsuranceType } from '../types/enums';
import type { MedicalInput } from '../types/medical.input';

const MAX_DIAGNOSIS = 500;
/** numeric(12,2) */
const MAX_YUAN = 9_999_999_999.99;

export class MedicalService {
  private readonly records: SelectBy<MedicalRecordEntity>;

  constructor(
    private readonly db: DataSource,
    private readonly kit: PartnerKit,
  ) {
    this.records = selectByAny(db, MedicalRecordEntity, 'idNumber');
  }

  byIdNumbers(idNumbers: readonly string[]): Promise<MedicalRecordEntity[]> {
    return this.records(idNumbers);
  }

  /**
   * Records or replaces the medical record. A diagnosis left out of the input keeps the stored one;
   * `diagnosis: null` (or blank) clears it.
   */
  async record(input: MedicalInput, identity: Identity): Promise<MedicalRecordEntity> {
    if (!Object.values(InsuranceType).includes(input.insuranceType)) {
      throw new InvalidInputError('insuranceType', `unknown insurance type ${input.insuranceType}`, 'ENUM');
    }
    if (typeof input.majorIllness !== 'boolean') {
      throw new InvalidInputError('majorIllness', 'must be true or false', 'REQUIRED');
    }
    let diagnosis: string | null | undefined = input.diagnosis;
    if (diagnosis != null) {
      diagnosis = diagnosis.trim() || null;
      if (diagnosis && diagnosis.length > MAX_DIAGNOSIS) {
        throw new InvalidInputError('diagnosis', `must be at most ${MAX_DIAGNOSIS} characters`, 'LENGTH');
      }
    }
    const spent = input.outOfPocketLast12Months;
    if (typeof spent !== 'number' || !Number.isFinite(spent) || spent < 0 || spent > MAX_YUAN) {
      throw new InvalidInputError('outOfPocketLast12Months', `must be from 0 to ${MAX_YUAN} yuan`, 'RANGE');
    }
    const outOfPocket = Math.round(spent * 100) / 100;
    const subject = await checkSubjectRecordWrite(this.kit.registry, identity, input.idNumber);
    const line = parametersFor(this.kit.programs.pack, subject.regionCode).outOfPocketWarning;
    await this.db.transaction(async (tx) => {
      const [previous] = await tx.query(
        `SELECT out_of_pocket_last_12_months::float AS spent, major_illness FROM medical_records WHERE id_number = $1 FOR UPDATE`,
        [subject.idNumber],
      );
      await tx.query(
        `INSERT INTO medical_records AS r (id_number, insurance_type, major_illness, diagnosis, out_of_pocket_last_12_months)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id_number) DO UPDATE SET
           insurance_type = EXCLUDED.insurance_type,
           major_illness = EXCLUDED.major_illness,
           diagnosis = CASE WHEN $6::boolean THEN EXCLUDED.diagnosis ELSE r.diagnosis END,
           out_of_pocket_last_12_months = EXCLUDED.out_of_pocket_last_12_months,
           updated_at = now()`,
        [
          subject.idNumber,
          input.insuranceType,
          input.majorIllness,
          diagnosis ?? null,
          outOfPocket,
          diagnosis !== undefined,
        ],
      );
      // 因病支出型 warning: each crossing of the region's line pushes one discovery to civil affairs,
      // stored with the record and delivered later, so the caller never waits on civil affairs
      const crossed = line !== undefined && outOfPocket >= line && (previous?.spent ?? 0) < line;
      if (input.majorIllness && !previous?.major_illness) {
        await this.kit.outbox.add(tx, HEALTH_CHANGE, { idNumber: subject.idNumber, majorIllness: true });
      }
      // serious illness yes/no for civil affairs' tiers (never the diagnosis)
      await publishFacts(this.kit.outbox, tx, Department.HEALTH, subject.idNumber, {
        majorIllness: input.majorIllness,
      });
      if (crossed) {
        await this.kit.outbox.add(tx, DATA_PUSH, {
          idNumber: subject.idNumber,
          outOfPocket,
          line,
          majorIllness: input.majorIllness,
        });
      }
    });
    await this.kit.factsPublished();
    return this.db.getRepository(MedicalRecordEntity).findOneByOrFail({ idNumber: subject.idNumber });
  }
}

/** What the medical record says for eligibility rules (civil affairs is told majorIllness only). */
export function medicalFacts(record: MedicalRecordEntity | null): Facts {
  return {
    majorIllness: record ? record.majorIllness : null,
    insuranceType: record?.insuranceType ?? null,
    outOfPocketLast12Months: record ? record.outOfPocketLast12Months : null,
  };
}
