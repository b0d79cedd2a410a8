import { DataSource } from 'typeorm';
import type { Identity } from '../../../../shared/auth';
import { parseIsoDate } from '../../../../shared/dates';
import { Department } from '../../../../shared/departments';
import { ConflictError, InvalidInputError } from '../../../../shared/errors';
import { checkSubjectRecordWrite } from '../../../../shared/partner-subject';
import { publishFacts } from '../../../../shared/partner-facts';
import type { PartnerKit } from '../../../../shared/partner-subgraph';
import { DisabilityCertificateEntity } from '../entities/disability-certificate.entity';
import { CATEGORY_DIGIT } from '../types/enums';
import type { DisabilityInput } from '../types/disability.input';
import { SelectBy, selectByAny } from '../../../../shared/select-by';

export class DisabilityService {
  private readonly certificates: SelectBy<DisabilityCertificateEntity>;

  constructor(
    private readonly db: DataSource,
    private readonly kit: PartnerKit,
  ) {
    this.certificates = selectByAny(db, DisabilityCertificateEntity, 'idNumber');
  }

  byIdNumbers(idNumbers: readonly string[]): Promise<DisabilityCertificateEntity[]> {
    return this.certificates(idNumbers);
  }

  /** Records or replaces the certificate; the number must agree with the ID number, category and grade. */
  async record(input: DisabilityInput, identity: Identity) {
    const issuedAt = input.issuedAt == null ? null : parseIsoDate(input.issuedAt, 'issuedAt');
    if (!Number.isInteger(input.grade) || input.grade < 1 || input.grade > 4) {
      throw new InvalidInputError('grade', 'must be 1, 2, 3 or 4', 'RANGE');
    }
    const subject = await checkSubjectRecordWrite(this.kit.registry, identity, input.idNumber);
    const certificateNumber = input.certificateNumber.trim().toUpperCase();
    const expected = `${subject.idNumber}${CATEGORY_DIGIT[input.category]}${input.grade}`;
    if (certificateNumber !== expected) {
      throw new InvalidInputError(
        'certificateNumber',
        `must be the ID number followed by the category digit and the grade (${expected})`,
        'MISMATCH',
      );
    }
    try {
      // the grade reaches civil affairs' tiers through the outbox, with the record or not at all
      await this.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO disability_certificates (id_number, certificate_number, category, grade, issued_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id_number) DO UPDATE SET certificate_number = EXCLUDED.certificate_number,
           category = EXCLUDED.category, grade = EXCLUDED.grade, issued_at = EXCLUDED.issued_at, updated_at = now()`,
          [subject.idNumber, certificateNumber, input.category, input.grade, issuedAt],
        );
        await publishFacts(this.kit.outbox, tx, Department.DISABILITY, subject.idNumber, {
          disabilityGrade: input.grade,
        });
      });
    } catch (e: any) {
      if (e.code === '23505')
        throw new ConflictError(`certificate ${certificateNumber} belongs to another person`);
      throw e;
    }
    await this.kit.factsPublished();
    return this.db.getRepository(DisabilityCertificateEntity).findOneByOrFail({ idNumber: subject.idNumber });
  }
}
