import { ArgsType, Field, InputType, Int } from 'type-graphql';
import { ResourceKind } from './enums';

@InputType({ description: 'Adds a resource to the charity resource library' })
export class CharityResourceInput {
  @Field(() => String)
  name: string;

  @Field(() => ResourceKind)
  kind: ResourceKind;

  @Field(() => String, { description: 'a known division code (2, 4, 6, 9 or 12 digits)' })
  regionCode: string;

  @Field(() => Int, { description: 'how many open matches the resource takes at once' })
  capacity: number;

  @Field(() => [String], { nullable: true, description: 'upper-case words (A-Z and _), e.g. MEDICAL' })
  tags?: string[] | null;
}

@ArgsType()
export class CharityResourcesArgs {
  @Field(() => String, { nullable: true, description: 'a division code: resources in it or under it' })
  regionCode?: string | null;

  @Field(() => ResourceKind, { nullable: true })
  kind?: ResourceKind | null;
}
