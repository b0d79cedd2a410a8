import type { Identity } from '../../../../../shared/auth';
import { withheld } from '../../../../../shared/disclosure';
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
 * The subject if the caller may see it, else null: outside the caller's region a person is answered
 * exactly as one the registry does not know, so a look-up never tells whether someone exists.
 */
export function visibleOrNull<T extends Placed>(subject: T | null | undefined, identity: Identity): T | null {
  return subject && isVisibleTo(subject, identity) ? subject : null;
}

/**
 * A record of a subject (a visit, an urgent case, a referral) for a caller who may see the subject
 * now (its current region); null otherwise, as for an unknown id. Single-item queries answer by the
 * same rule as the lists they come from.
 */
export async function visibleRecord<T extends { subjectId: string }>(
  record: T | null,
  subjects: { load(id: string): Promise<SubjectEntity | null> },
  identity: Identity,
  scope: SubjectScope = 'seen',
): Promise<T | null> {
  if (!record) return null;
  const subject = await subjects.load(record.subjectId);
  if (!subject || !isVisibleTo(subject, identity)) return null;
  if (scope === 'registered' && !isWithinRegion(subject.registeredRegionCode, identity.region)) return null;
  return record;
}

/**
 * The `subject` of a record (a visit, referral, urgent case, discovery or warning), by the subject's
 * current region: a person who has since moved out of the caller's region is withheld, saying so.
 */
export async function recordSubject(
  subjects: { load(id: string): Promise<SubjectEntity | null> },
  subjectId: string,
  identity: Identity,
): Promise<SubjectEntity | null> {
  const subject = await subjects.load(subjectId);
  if (subject && !isVisibleTo(subject, identity)) throw withheld('OUT_OF_REGION', 'subject');
  return subject;
}

/** The one way a service finds the subject a caller names. */
export class SubjectAccess {
  constructor(private readonly subjects: SubjectRepository) {}

  /**
   * The subject with this ID number, if the caller may see it: BAD_USER_INPUT for a malformed ID
   * number, NOT_FOUND (naming `idNumber`) when the registry does not know it or the person is
   * outside the caller's region — the same answer, so it tells nothing — and FORBIDDEN when the
   * caller sees the person (where they live) but the action belongs to the region of registration.
   */
  async find(rawIdNumber: string, identity: Identity, scope: SubjectScope = 'seen'): Promise<SubjectEntity> {
    const { idNumber } = parseIdNumber(rawIdNumber, 'idNumber');
    const [subject] = await this.subjects.byIdNumbers([idNumber]);
    if (!subject || !isVisibleTo(subject, identity))
      throw new NotFoundError('subject with ID number', idNumber, 'idNumber');
    assertVisible(subject, identity, scope);
    return subject;
  }

  /**
   * The subject with this (parsed) ID number if registered and visible to the caller; null otherwise,
   * the same for both, so it tells nothing (a lead about a person not registered yet).
   */
  async findIfRegistered(idNumber: string, identity: Identity): Promise<SubjectEntity | null> {
    const [subject] = await this.subjects.byIdNumbers([idNumber]);
    return subject && isVisibleTo(subject, identity) ? subject : null;
  }

  /**
   * Refuses an action on a record (a visit, a referral) whose subject the caller may not see now —
   * by the subject's current region — as NOT_FOUND of that record, the answer for an unknown id.
   */
  async requireRecordVisible(
    subjectId: string,
    identity: Identity,
    record: { entity: string; id: string },
  ): Promise<SubjectEntity> {
    const [subject] = await this.subjects.byIds([subjectId]);
    if (!subject || !isVisibleTo(subject, identity)) throw new NotFoundError(record.entity, record.id, 'id');
    return subject;
  }
}
