import { Field, Float, InputType, Int } from 'type-graphql';
import { AssistanceCategory, AssistanceStatus } from '../registry/assistance.type';
import { EmploymentStatus, MaritalStatus, RegistrationType, Situation } from '../registry/subject.type';

@InputType()
export class HouseholdInput {
  @Field(() => Int)
  size: number;

  @Field(() => Float, { description: 'monthly per-capita income, yuan' })
  monthlyIncomePerCapita: number;

  @Field(() => String, { nullable: true })
  propertyNote?: string | null;
}

@InputType({ description: '特困供养的三个条件 (《社会救助暂行办法》第十四条)' })
export class TekunConditionsInput {
  @Field(() => Boolean, { nullable: true, description: '无劳动能力' })
  noWorkCapacity?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '无生活来源' })
  noLivingSource?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: '无法定赡养、抚养、扶养义务人，或者其法定义务人无履行义务能力',
  })
  noCapableSupporter?: boolean | null;
}

@InputType()
export class AssistanceInput {
  @Field(() => AssistanceCategory)
  category: AssistanceCategory;

  @Field(() => AssistanceStatus)
  status: AssistanceStatus;

  @Field(() => String, { description: 'admission date (ISO)' })
  since: string;

  @Field(() => String, { nullable: true, description: 'termination date (ISO); required when ENDED' })
  until?: string | null;
}

@InputType({ description: 'Registers a subject, or updates the one with the same ID number' })
export class SubjectInput {
  @Field(() => String)
  idNumber: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { description: '户籍地 region code (village/community or above)' })
  registeredRegionCode: string;

  @Field(() => String, { nullable: true, description: '居住地 region code; defaults to the registered one' })
  residenceRegionCode?: string | null;

  @Field(() => Boolean, { nullable: true })
  livingAlone?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '分散供养' })
  dispersedSupport?: boolean | null;

  @Field(() => MaritalStatus, { nullable: true })
  maritalStatus?: MaritalStatus | null;

  @Field(() => RegistrationType, { nullable: true })
  registrationType?: RegistrationType | null;

  @Field(() => EmploymentStatus, { nullable: true })
  employment?: EmploymentStatus | null;

  @Field(() => [Situation], { nullable: true, description: 'replaces the list when given' })
  situations?: Situation[] | null;

  @Field(() => Boolean, { nullable: true })
  stableIncome?: boolean | null;

  @Field(() => TekunConditionsInput, {
    nullable: true,
    description: '特困 conditions as investigated; a condition left out stays as it was (unknown at first)',
  })
  tekunConditions?: TekunConditionsInput | null;

  @Field(() => HouseholdInput, { nullable: true })
  household?: HouseholdInput | null;

  @Field(() => [AssistanceInput], {
    nullable: true,
    description: 'merged by (category, since): listed entries are added or updated, others kept as history',
  })
  assistance?: AssistanceInput[] | null;
}
