import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: '家庭 (一户一档)' })
export class Household {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  size: number;

  monthlyIncomePerCapita: number;
  propertyNote: string | null;
  /** whose household this is, for the consent check */
  subjectId?: string;
}
