/**
 * A partner department's view of the civil-affairs `Subject` entity: only its key. Each department
 * adds its own field (`disability`, `tradeUnion`, `medical`, `charity`) with a field resolver, and
 * resolves the reference without a query: the field's DataLoader does the batched read.
 */
import { GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, ObjectType } from 'type-graphql';
import { Identity, Role, authorize } from './auth';
import { Department } from './departments';
import { parseIdNumber } from './id-number';
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
  }
  return Subject;
}

export interface SubjectRef {
  idNumber: string;
  eligibilityFacts?: Record<string, unknown>;
}

export const subjectStubReference = {
  __resolveReference: (ref: SubjectRef): SubjectRef => ({
    idNumber: ref.idNumber,
    eligibilityFacts: ref.eligibilityFacts,
  }),
};

export const RECORD_KEEPERS = [Role.ADMIN, Role.STAFF];

/**
 * The checks before a department writes its own record about a subject, cheapest first:
 * a valid ID number, the caller's department and role, the subject known to the registry
 * (NOT_FOUND otherwise) and inside the caller's region.
 */
export async function checkSubjectRecordWrite(
  registry: RegistryClient,
  identity: Identity,
  department: Department,
  rawIdNumber: string,
  action: string,
): Promise<RegistrySubject> {
  const { idNumber } = parseIdNumber(rawIdNumber, 'idNumber');
  const subject = await registry.requireSubject(idNumber, 'idNumber');
  authorize(identity, { regionCode: subject.regionCode }, action);
  return subject;
}
