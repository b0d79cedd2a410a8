import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum WarningStatus {
  ACTIVE = 'ACTIVE',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  RESOLVED = 'RESOLVED',
}

registerEnumType(WarningStatus, { name: 'WarningStatus' });

@ObjectType()
export class WarningNote {
  @Field(() => String)
  at: string;

  @Field(() => String)
  by: string;

  @Field(() => WarningStatus)
  status: WarningStatus;

  @Field(() => String)
  note: string;
}

@ObjectType({
  description: "预警 for the village advisor: a change that crossed a line of the region's pack",
})
export class EarlyWarning {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  villageCode: string;

  @Field(() => String, { description: 'the rule, e.g. 家庭月人均收入下降 30% 以上' })
  label: string;

  @Field(() => String)
  source: string;

  @Field(() => String, { description: 'what changed' })
  detail: string;

  @Field(() => WarningStatus)
  status: WarningStatus;

  @Field(() => [WarningNote])
  notes: WarningNote[];

  subjectId: string;
  raisedAt: Date;
  discoveryId: string | null;
}
