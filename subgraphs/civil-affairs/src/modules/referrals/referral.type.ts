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

  @Field(() => Boolean, {
    nullable: true,
    description: '跟踪回访: whether the help arrived; null until the follow-up is recorded',
  })
  helpArrived: boolean | null;

  @Field(() => String, { nullable: true })
  followUpNote: string | null;

  @Field(() => String, { nullable: true })
  followedUpBy: string | null;

  subjectId: string;
  programId: string;
  completedAt: Date | null;
  followUpDueAt: Date | null;
  followedUpAt: Date | null;
  programName: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Agencies outside the five departments that the documents name (瑞救办〔2021〕5号 二(三), 青民〔2024〕25号 四.2). */
export enum ExternalProgramArea {
  INDUSTRY_HELP = 'INDUSTRY_HELP',
  ELDERLY_CARE = 'ELDERLY_CARE',
  CHILD_PROTECTION = 'CHILD_PROTECTION',
  HOUSING = 'HOUSING',
  EMPLOYMENT = 'EMPLOYMENT',
  EDUCATION = 'EDUCATION',
}

registerEnumType(ExternalProgramArea, {
  name: 'ExternalProgramArea',
  description:
    'INDUSTRY_HELP 扶贫/乡村振兴产业帮扶 · ELDERLY_CARE 养老服务 · CHILD_PROTECTION 儿童关爱保护 · HOUSING 住房 · EMPLOYMENT 就业 · EDUCATION 教育',
});

@ObjectType({
  description:
    'A program of an agency outside the five departments, kept by civil affairs with a contact; referred to as EXTERNAL:<id>, handled and followed up by civil affairs',
})
export class ExternalProgram {
  @Field(() => ID, { description: 'refer with programId "EXTERNAL:<id>"' })
  id: string;

  @Field(() => String)
  regionCode: string;

  @Field(() => ExternalProgramArea)
  area: ExternalProgramArea;

  @Field(() => String)
  name: string;

  @Field(() => String)
  agency: string;

  @Field(() => String)
  contact: string;
}
