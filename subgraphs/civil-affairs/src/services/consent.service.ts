import { DataSource, In, IsNull } from 'typeorm';
import { Identity, Role, authorize } from '../../../../shared/auth';
import { parseIsoDate } from '../../../../shared/dates';
import { Department } from '../../../../shared/departments';
import { InvalidInputError, NotFoundError } from '../../../../shared/errors';
import { parseIdNumber } from '../../../../shared/id-number';
import { ConsentEntity } from '../entities/consent.entity';
import type { SubjectService } from './subject.service';

const RECORDERS = { departments: [Department.CIVIL_AFFAIRS], roles: [Role.ADMIN, Role.STAFF, Role.WINDOW] };

/**
 * 授权: a household's economic data (income, property) reaches other departments only with the
 * subject's signed authorisation; without it they still see eligibility answers and reasons.
 */
export class ConsentService {
  constructor(
    private readonly db: DataSource,
    private readonly subjects: SubjectService,
  ) {}

  /** Subjects (by id) whose economic data may be shown to other departments. */
  async economicConsentFor(subjectIds: readonly string[]): Promise<ConsentEntity[]> {
    return this.db
      .getRepository(ConsentEntity)
      .findBy({ subjectId: In([...subjectIds]), scope: 'ECONOMIC', revokedAt: IsNull() });
  }

  async record(rawIdNumber: string, reference: string, signedOn: string, identity: Identity) {
    const subject = await this.subject(rawIdNumber, identity, 'recording a consent');
    if (!reference.trim())
      throw new InvalidInputError(
        'reference',
        'name the signed authorisation (document number or file)',
        'REQUIRED',
      );
    const day = parseIsoDate(signedOn, 'signedOn');
    await this.db.query(
      `INSERT INTO consents (subject_id, scope, reference, signed_on, recorded_by) VALUES ($1, 'ECONOMIC', $2, $3, $4)
       ON CONFLICT (subject_id, scope) DO UPDATE SET reference = EXCLUDED.reference, signed_on = EXCLUDED.signed_on,
         recorded_by = EXCLUDED.recorded_by, recorded_at = now(), revoked_at = NULL`,
      [subject.id, reference.trim(), day, identity.user],
    );
    return subject;
  }

  async revoke(rawIdNumber: string, identity: Identity) {
    const subject = await this.subject(rawIdNumber, identity, 'revoking a consent');
    await this.db.query(
      `UPDATE consents SET revoked_at = now() WHERE subject_id = $1 AND revoked_at IS NULL`,
      [subject.id],
    );
    return subject;
  }

  private async subject(rawIdNumber: string, identity: Identity, action: string) {
    const { idNumber } = parseIdNumber(rawIdNumber, 'idNumber');
    authorize(identity, RECORDERS, action);
    const [subject] = await this.subjects.byIdNumbers([idNumber]);
    if (!subject) throw new NotFoundError('subject with ID number', idNumber, 'idNumber');
    authorize(identity, { regionCode: subject.registeredRegionCode }, action);
    return subject;
  }
}
