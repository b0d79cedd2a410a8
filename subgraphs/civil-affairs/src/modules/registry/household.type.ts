import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** 与户主关系: a member's relation to the head of the household, as a household register has it. */
export enum HouseholdRelation {
  HEAD = 'HEAD',
  SPOUSE = 'SPOUSE',
  CHILD = 'CHILD',
  CHILD_IN_LAW = 'CHILD_IN_LAW',
  PARENT = 'PARENT',
  GRANDCHILD = 'GRANDCHILD',
  GRANDPARENT = 'GRANDPARENT',
  SIBLING = 'SIBLING',
  OTHER = 'OTHER',
}

registerEnumType(HouseholdRelation, {
  name: 'HouseholdRelation',
  description:
    '与户主关系: HEAD 户主 · SPOUSE 配偶 · CHILD 子女 · CHILD_IN_LAW 儿媳/女婿 · PARENT 父母 · GRANDCHILD 孙辈 · GRANDPARENT 祖辈 · SIBLING 兄弟姐妹 · OTHER 其他',
});

@ObjectType({ description: 'A registered member of a household' })
export class HouseholdMember {
  @Field(() => String)
  idNumber: string;

  @Field(() => String)
  name: string;

  @Field(() => HouseholdRelation, { nullable: true, description: '与户主关系' })
  relation: HouseholdRelation | null;
}

@ObjectType({ description: '家庭 (一户一档): one file per household, shared by its registered members' })
export class Household {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: '家庭人口: everyone in the household, registered here or not' })
  size: number;

  monthlyIncomePerCapita: number;
  propertyNote: string | null;
  /** whose household this is, for the consent check */
  subjectId?: string;
}
