import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: '家庭 (一户一档)' })
export class Household {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  size: number;

  @Field(() => Float, { description: 'monthly per-capita income, yuan' })
  monthlyIncomePerCapita: number;

  @Field(() => String, { nullable: true })
  propertyNote: string | null;
}
