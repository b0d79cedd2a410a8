import { Field, Float, InputType } from 'type-graphql';
import { InsuranceType } from './enums';

@InputType({
  description:
    'Records (or replaces) a subject’s medical record; a left-out diagnosis keeps the stored one, null clears it',
})
export class MedicalInput {
  @Field(() => String)
  idNumber: string;

  @Field(() => InsuranceType)
  insuranceType: InsuranceType;

  @Field(() => Boolean)
  majorIllness: boolean;

  @Field(() => String, { nullable: true })
  diagnosis?: string | null;

  @Field(() => Float, { description: 'yuan, over the last 12 months; rounded to the fen' })
  outOfPocketLast12Months: number;
}
