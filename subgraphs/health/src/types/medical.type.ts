import { Field, Float, ObjectType } from 'type-graphql';
import { InsuranceType } from './enums';

@ObjectType({ description: "医保 / 卫健's record: insurance, major illness and out-of-pocket spending" })
export class MedicalRecord {
  @Field(() => InsuranceType)
  insuranceType: InsuranceType;

  @Field(() => Boolean, { description: '患重特大疾病' })
  majorIllness: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'sensitive: readable only by the health department’s ADMIN and STAFF (FORBIDDEN otherwise)',
  })
  diagnosis: string | null;

  @Field(() => Float, { description: 'out-of-pocket medical spending over the last 12 months, yuan' })
  outOfPocketLast12Months: number;
}
