import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum UrgentCaseKind {
  FIRE = 'FIRE',
  TRAFFIC_ACCIDENT = 'TRAFFIC_ACCIDENT',
  SUDDEN_ILLNESS = 'SUDDEN_ILLNESS',
  DISASTER = 'DISASTER',
  OTHER = 'OTHER',
}

registerEnumType(UrgentCaseKind, {
  name: 'UrgentCaseKind',
  description: '急难: fire, traffic accident, sudden serious illness, disaster, other',
});

@ObjectType({ description: '急难: a sudden event; a visit is due within the pack’s limit' })
export class UrgentCase {
  @Field(() => ID)
  id: string;

  @Field(() => UrgentCaseKind)
  kind: UrgentCaseKind;

  @Field(() => String)
  occurredAt: string;

  @Field(() => String)
  visitDeadline: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  subjectId: string;
}
