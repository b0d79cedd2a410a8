import { Field, ObjectType } from 'type-graphql';
import { AssistanceCategory, AssistanceStatus } from './enums';

@ObjectType({ description: 'One admission to an assistance category; ended ones stay as history' })
export class Assistance {
  @Field(() => AssistanceCategory)
  category: AssistanceCategory;

  @Field(() => AssistanceStatus)
  status: AssistanceStatus;

  @Field(() => String, { description: 'admission date (ISO)' })
  since: string;

  @Field(() => String, { nullable: true, description: 'termination date (ISO)' })
  until: string | null;
}
