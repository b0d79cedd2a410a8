import type { Identity } from '../../../../../shared/auth';
import { ForbiddenError, NotFoundError } from '../../../../../shared/errors';
import { parseIdNumber } from '../../../../../shared/id-number';
import { isWithinRegion } from '../../../../../shared/regions';
import type { SubjectEntity } from './subject.entity';
import type { SubjectRepository } from './subject.repository';

/**
 * Whose region decides: `seen` lets users whose region holds the subject's registered or residence
 * region (人户分离: both townships look after the person); `registered` only the region of household
 * registration, which keeps the file (consents, handing the visiting duty on).
 */
export type SubjectScope = 'seen' | 'registered';

/** A subject is visible to users whose region contains its registered or residence region. */
/** what visibility is decided on (a subject, or its stored standing) */
export type Placed = Pick<SubjectEntity, 'idNumber' | 'registeredRegionCode' | 'residenceRegionCode'>;

export function isVisibleTo(subject: Placed, identity: Identity): boolean {
  return (
    isWithinRegion(subject.registeredRegionCode, identity.region) ||
    isWithinRegion(subject.residenceRegionCode, identity.region)
  );
}

/** Refuses (FORBIDDEN) a caller outside the subject's region, naming the subject by the start of its ID number. */
export function assertVisible(subject: Placed, identity: Identity, scope: SubjectScope = 'seen'): void {
  const who = `subject ${subject.idNumber.slice(0, 6)}…`;
  if (scope === 'registered' && !isWithinRegion(subject.registeredRegionCode, identity.region))
    throw new ForbiddenError(`${who} is registered outside your region ${identity.region}`);
  if (!isVisibleTo(subject, identity))
    throw new ForbiddenError(`${who} is outside your region ${identity.region}`);
}

/**
 * A record of a subject (a visit, an urgent case, a referral) for a caller who may see the subject;
 * FORBIDDEN otherwise. Single-item queries answer by the same rule as the lists they come from.
 */
export async function visibleRecord<T extends { subjectId: string }>(
  record: T | null,
  subjects: { load(id: string): Promise<SubjectEntity | null> },
  identity: Identity,
  scope: SubjectScope = 'seen',
): Promise<T | null> {
  if (record) assertVisible((await subjects.load(record.subjectId))!, identity, scope);
  return record;
}

/** The one way a service finds the subject a caller names. */
export class SubjectAccess {
  constructor(private readonly subjects: SubjectRepository) {}

  /**
   * The subject with this ID number, if the caller may see it: BAD_USER_INPUT for a malformed ID
   * number and NOT_FOUND when the registry does not know it (both naming the field `idNumber`),
   * FORBIDDEN outside the caller's region.
   */
  async find(rawIdNumber: string, identity: Identity, scope: SubjectScope = 'seen'): Promise<SubjectEntity> {
    const { idNumber } = parseIdNumber(rawIdNumber, 'idNumber');
    const [subject] = await this.subjects.byIdNumbers([idNumber]);
    if (!subject) throw new NotFoundError('subject with ID number', idNumber, 'idNumber');
    assertVisible(subject, identity, scope);
    return subject;
  }
}
