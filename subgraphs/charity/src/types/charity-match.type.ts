import { Field, ID, ObjectType } from 'type-graphql';
import { CharityResource } from './charity-resource.type';
import { MatchStatus } from './enums';

/** `resource` and `createdAt` are resolved in CharityMatchResolver, from the entity's resourceId and Date. */
@ObjectType({ description: 'A subject matched to a charity resource (结对帮扶)' })
export class CharityMatch {
  @Field(() => ID)
  id: string;

  @Field(() => CharityResource)
  resource: CharityResource;

  @Field(() => MatchStatus)
  status: MatchStatus;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => String, { description: 'ISO date-time' })
  createdAt: string;
}

@ObjectType({ description: '慈善 / 红会: what charity does for the subject' })
export class CharityProfile {
  @Field(() => [CharityMatch], { description: 'matches not CLOSED, oldest first' })
  activeMatches: CharityMatch[];
}
