import { Field, Int, ObjectType } from 'type-graphql';
import { DisabilityCategory } from './enums';

@ObjectType({ description: "残联's record: the person's disability certificate" })
export class DisabilityRecord {
  @Field(() => String, { description: '残疾人证号: the ID number + category digit + grade digit' })
  certificateNumber: string;

  @Field(() => DisabilityCategory)
  category: DisabilityCategory;

  @Field(() => Int, { description: '1 (most severe) to 4' })
  grade: number;

  @Field(() => String, { nullable: true, description: 'issue date (ISO)' })
  issuedAt: string | null;
}
