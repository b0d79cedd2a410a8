import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Department } from '../../../../../shared/graphql-types';

export enum ReferralStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  COMPLETED = 'COMPLETED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(ReferralStatus, { name: 'ReferralStatus' });

@ObjectType({ description: '转介: a subject referred to another department’s program' })
export class Referral {
  @Field(() => ID)
  id: string;

  @Field(() => ReferralStatus)
  status: ReferralStatus;

  @Field(() => String)
  reason: string;

  @Field(() => Department)
  fromDepartment: Department;

  @Field(() => Department)
  toDepartment: Department;

  @Field(() => String)
  referredBy: string;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => String, { nullable: true })
  rejectionReason: string | null;

  @Field(() => String, { nullable: true })
  outcome: string | null;

  subjectId: string;
  programId: string;
  programName: string;
  createdAt: Date;
  updatedAt: Date;
}
