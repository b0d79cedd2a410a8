import { Field, InputType, Int } from 'type-graphql';
import { DisabilityCategory } from './enums';

@InputType({ description: 'Records (or replaces) a subject’s disability certificate' })
export class DisabilityInput {
  @Field(() => String)
  idNumber: string;

  @Field(() => String, { description: '20 characters: the ID number, the category digit, the grade digit' })
  certificateNumber: string;

  @Field(() => DisabilityCategory)
  category: DisabilityCategory;

  @Field(() => Int)
  grade: number;

  @Field(() => String, { nullable: true, description: 'issue date (ISO)' })
  issuedAt?: string | null;
}
