import { Field, InputType } from 'type-graphql';
import { DifficultyLevel } from './enums';

@InputType({ description: 'The difficult-worker record (困难职工档案)' })
export class DifficultWorkerInput {
  @Field(() => DifficultyLevel)
  level: DifficultyLevel;

  @Field(() => String, { description: 'date the difficulty was recorded from (ISO)' })
  since: string;

  @Field(() => String)
  reason: string;
}

@InputType({
  description:
    'Records (or updates) a subject’s union record. A field left out keeps its stored value; ' +
    '`employer: null` and `difficultWorker: null` clear them',
})
export class UnionMemberInput {
  @Field(() => String)
  idNumber: string;

  @Field(() => String, { nullable: true })
  employer?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  member?: boolean | null;

  @Field(() => DifficultWorkerInput, { nullable: true })
  difficultWorker?: DifficultWorkerInput | null;
}
