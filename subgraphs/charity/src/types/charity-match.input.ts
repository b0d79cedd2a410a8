import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Matches a subject to a charity resource' })
export class CharityMatchInput {
  @Field(() => String)
  idNumber: string;

  @Field(() => ID)
  resourceId: string;

  @Field(() => String, { nullable: true })
  note?: string | null;
}
