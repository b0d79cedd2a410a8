import { Field, InputType } from 'type-graphql';
import { UrgentCaseKind } from './urgent-case.type';

@InputType()
export class UrgentCaseInput {
  @Field(() => String)
  idNumber: string;

  @Field(() => UrgentCaseKind)
  kind: UrgentCaseKind;

  @Field(() => String, { description: 'ISO date-time with offset' })
  occurredAt: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}
