/**
 * A partner department's view of the civil-affairs `Subject` entity: only its key. Each department
 * adds its own field (`disability`, `tradeUnion`, `medical`, `charity`) with a field resolver, and
 * resolves the reference without a query: the field's DataLoader does the batched read.
 */
import { GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, ObjectType } from 'type-graphql';
import { Identity, Role } from './auth';
import { withheld } from './disclosure';
import { NotFoundError } from './errors';
import { parseIdNumber } from './id-number';
import { isWithinRegion } from './regions';
import type { RegistryClient, RegistrySubject } from './registry-client';

/** A new class per subgraph, so each subgraph's field resolvers attach to its own type. */
export function createSubjectStub() {
  @ObjectType('Subject')
  @Directive('@key(fields: "idNumber")')
  class Subject {
    @Field(() => String)
    idNumber: string;

    /** civil affairs' facts for eligibility rules, supplied to `programEligibility` (@requires) */
    @Field(() => GraphQLJSONObject, { nullable: true })
    @Directive('@external')
    eligibilityFacts?: Record<string, unknown>;

    /** the regions the person is registered and lives in, from civil affairs (@requires) */
    @Field(() => [String])
    @Directive('@external')
    regionScope?: string[] | null;
  }
  return Subject;
}

export interface SubjectRef {
  idNumber: string;
  eligibilityFacts?: Record<string, unknown>;
  regionScope?: string[] | null;
}

export const subjectStubReference = {
  __resolveReference: (ref: SubjectRef): SubjectRef => ({
    idNumber: ref.idNumber,
    eligibilityFacts: ref.eligibilityFacts,
    regionScope: ref.regionScope,
  }),
};

/** The partners' record fields ask civil affairs, through the gateway, where the person is. */
export const REGION_SCOPE = 'regionScope';

/**
 * A reference alone opens nothing: a partner shows its record of a person only to a caller whose
 * region holds where the person is registered or lives now, as civil affairs says (`@requires`).
 * Otherwise the field is withheld, saying so; without the regions (never planned so) it is refused.
 */
export function assertPartnerRecordShown(subject: SubjectRef, identity: Identity): void {
  // a whole-country caller (an ADMIN, or a service asking for a write's checks) sees every region
  if (identity.region === null) return;
  const scope = subject.regionScope;
  if (!scope?.some((code) => isWithinRegion(code, identity.region)))
    throw withheld('OUT_OF_REGION', 'record');
}

export const RECORD_KEEPERS = [Role.ADMIN, Role.STAFF];

/**
 * The checks before a department writes its own record about a subject, cheapest first:
 * a valid ID number (the caller's department and role are the access policy's), the subject known
 * to the registry and inside the caller's region (NOT_FOUND otherwise, the same answer).
 */
export async function checkSubjectRecordWrite(
  registry: RegistryClient,
  identity: Identity,
  rawIdNumber: string,
): Promise<RegistrySubject> {
  const { idNumber } = parseIdNumber(rawIdNumber, 'idNumber');
  const subject = await registry.requireSubject(idNumber, 'idNumber');
  // outside the caller's region the person is answered as unknown: a write tells nothing either
  if (
    !isWithinRegion(subject.regionCode, identity.region) &&
    !isWithinRegion(subject.residenceRegionCode, identity.region)
  )
    throw new NotFoundError('subject with ID number', idNumber, 'idNumber');
  return subject;
}
