import { Field, ObjectType } from 'type-graphql';
import { DifficultyLevel } from './enums';

@ObjectType({
  description: '困难职工档案: why and since when the union counts the member as a difficult worker',
})
export class DifficultWorker {
  @Field(() => DifficultyLevel)
  level: DifficultyLevel;

  @Field(() => String, { description: 'date the difficulty was recorded from (ISO)' })
  since: string;

  @Field(() => String)
  reason: string;
}

@ObjectType({ description: "总工会's record: membership and the difficult-worker record" })
export class TradeUnionRecord {
  @Field(() => Boolean, { description: 'a current union member' })
  member: boolean;

  @Field(() => String, { nullable: true, description: 'the employer (工作单位)' })
  employer: string | null;

  @Field(() => DifficultWorker, {
    nullable: true,
    description: 'null unless the union counts them a difficult worker',
  })
  difficultWorker: DifficultWorker | null;
}
