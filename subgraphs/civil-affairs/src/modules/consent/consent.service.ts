import { Identity } from '../../../../../shared/auth';
import { parseIsoDate } from '../../../../../shared/dates';
import { InvalidInputError } from '../../../../../shared/errors';
import type { SubjectAccess } from '../registry/subject-access';
import type { SubjectEntity } from '../registry/subject.entity';
import type { ConsentEntity } from './consent.entity';
import type { ConsentRepository } from './consent.repository';

/**
 * 授权: a household's economic data (income, property) reaches other departments only with the
 * subject's signed authorisation; without it they still see eligibility answers and reasons.
 */
export class ConsentService {
  constructor(
    private readonly consents: ConsentRepository,
    private readonly access: SubjectAccess,
  ) {}

  /** Subjects (by id) whose economic data may be shown to other departments. */
  economicConsentFor(subjectIds: readonly string[]): Promise<ConsentEntity[]> {
    return this.consents.economicConsents(subjectIds);
  }

  /** Per subject: the departments that handle a referral of them, and those that hold a record. */
  sharingFor(subjectIds: readonly string[]) {
    return this.consents.sharing(subjectIds);
  }

  async record(
    rawIdNumber: string,
    reference: string,
    signedOn: string,
    identity: Identity,
  ): Promise<SubjectEntity> {
    const subject = await this.subject(rawIdNumber, identity);
    if (!reference.trim())
      throw new InvalidInputError(
        'reference',
        'name the signed authorisation (document number or file)',
        'REQUIRED',
      );
    const day = parseIsoDate(signedOn, 'signedOn');
    await this.consents.recordEconomic(subject.id, reference.trim(), day, identity.user);
    return subject;
  }

  async revoke(rawIdNumber: string, identity: Identity): Promise<SubjectEntity> {
    const subject = await this.subject(rawIdNumber, identity);
    await this.consents.revoke(subject.id);
    return subject;
  }

  /** Consents are kept by the region of registration. */
  private subject(rawIdNumber: string, identity: Identity): Promise<SubjectEntity> {
    return this.access.find(rawIdNumber, identity, 'registered');
  }
}
