import { Field, InputType } from 'type-graphql';

@InputType()
export class ReferralInput {
  @Field(() => String)
  idNumber: string;

  @Field(() => String, {
    description: "a Program id from the subject's eligibility, e.g. DISABILITY:care-subsidy",
  })
  programId: string;

  @Field(() => String)
  reason: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'the referral shares sensitive data: needs recorded consent or an override',
  })
  sharesSensitiveData?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'ADMIN/STAFF: why the referral goes ahead without consent',
  })
  overrideReason?: string | null;
}
