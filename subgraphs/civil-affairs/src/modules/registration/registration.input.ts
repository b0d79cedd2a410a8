import { Field, Float, InputType, Int } from 'type-graphql';
import { AssistanceCategory, AssistanceStatus } from '../registry/assistance.type';
import { HouseholdRelation } from '../registry/household.type';
import {
  EmploymentStatus,
  MaritalStatus,
  PensionType,
  RegistrationType,
  Situation,
} from '../registry/subject.type';

@InputType()
export class HouseholdInput {
  @Field(() => Int)
  size: number;

  @Field(() => Float, { description: 'monthly per-capita income, yuan' })
  monthlyIncomePerCapita: number;

  @Field(() => String, { nullable: true })
  propertyNote?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      '一户一档: the ID number of an already registered member; joins that household (size and income are then the shared household’s) instead of filing a new one',
  })
  memberOf?: string | null;

  @Field(() => HouseholdRelation, {
    nullable: true,
    description: '与户主关系; required with memberOf (who files a new household is its HEAD)',
  })
  relation?: HouseholdRelation | null;
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

  @Field(() => PensionType, { nullable: true, description: '养老保险 (基本社会保障)' })
  pension?: PensionType | null;

  @Field(() => String, { nullable: true, description: '户籍地址 as text' })
  registeredAddress?: string | null;

  @Field(() => String, { nullable: true, description: '居住地址 as text' })
  residenceAddress?: string | null;

  @Field(() => String, { nullable: true, description: '家庭主要困难需求 (the village advisor writes it)' })
  mainNeeds?: string | null;

  @Field(() => String, { nullable: true, description: '处理方案 (the village advisor writes it)' })
  handlingPlan?: string | null;

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
