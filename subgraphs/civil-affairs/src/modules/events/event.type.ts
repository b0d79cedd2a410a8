import { Field, ID, ObjectType } from 'type-graphql';
import { Referral } from '../referrals/referral.type';
import { UrgentCase } from '../urgent-cases/urgent-case.type';

@ObjectType({ description: 'A new urgent case, with its place in the event log' })
export class UrgentCaseEvent {
  @Field(() => String, { description: 'give it back as `after` to resume from here' })
  cursor: string;

  @Field(() => UrgentCase)
  case: UrgentCase;
}

@ObjectType({ description: 'A new referral addressed to a department, with its place in the event log' })
export class ReferralEvent {
  @Field(() => String)
  cursor: string;

  @Field(() => Referral)
  referral: Referral;
}

@ObjectType({ description: 'One entry of the event log (internal: read by the gateways)' })
export class LogEvent {
  @Field(() => String)
  cursor: string;

  @Field(() => String)
  kind: string;

  @Field(() => ID)
  entityId: string;

  @Field(() => String)
  regionCode: string;

  @Field(() => String, { nullable: true })
  department: string | null;

  @Field(() => String, {
    description: 'when it was written (ISO 8601): the gateways measure their lag by it',
  })
  at: string;
}
