import { Field, InputType } from 'type-graphql';
import { ExternalProgramArea } from './referral.type';

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

@InputType()
export class ExternalProgramInput {
  @Field(() => ExternalProgramArea)
  area: ExternalProgramArea;

  @Field(() => String)
  name: string;

  @Field(() => String, { description: 'the agency that runs it, e.g. 市乡村振兴局' })
  agency: string;

  @Field(() => String, { description: 'whom civil affairs contacts: name and phone' })
  contact: string;
}
