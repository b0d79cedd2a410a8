import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ResourceKind } from './enums';

@ObjectType({ description: '慈善资源: an entry of the charity resource library' })
export class CharityResource {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => ResourceKind)
  kind: ResourceKind;

  @Field(() => String, { description: 'the division code of the area the resource serves' })
  regionCode: string;

  @Field(() => Int, { description: 'how many open matches the resource takes at once' })
  capacity: number;

  @Field(() => [String], { description: 'upper-case words, e.g. MEDICAL, EDUCATION' })
  tags: string[];
}

@ObjectType({
  description: 'A resource that could meet some of the needs, with what it matches and its free places',
})
export class ResourceSuggestion {
  @Field(() => CharityResource)
  resource: CharityResource;

  @Field(() => [String])
  matchingTags: string[];

  @Field(() => Int, { description: 'capacity not yet taken by open matches' })
  remaining: number;
}
