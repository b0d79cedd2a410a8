import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

/** 对象分级: computed by the region's policy pack. */
export enum Tier {
  HIGH_RISK = 'HIGH_RISK',
  KEY = 'KEY',
  GENERAL = 'GENERAL',
}

registerEnumType(Tier, { name: 'Tier', description: '对象分级 for visiting: high-risk / key / general' });

@ObjectType({ description: 'A published version of a policy pack' })
export class PolicyPackVersion {
  @Field(() => String)
  key: string;

  @Field(() => Int)
  version: number;

  @Field(() => GraphQLJSONObject, { description: 'the pack document (see pack.schema.ts)' })
  document: Record<string, unknown>;

  @Field(() => String)
  publishedBy: string;

  publishedAt: Date;
}

@ObjectType({ description: "Why a subject has its tier: the pack's rule and its source" })
export class TierReason {
  @Field(() => Tier)
  tier: Tier;

  @Field(() => String)
  rule: string;

  @Field(() => String)
  source: string;

  @Field(() => String)
  pack: string;

  @Field(() => Boolean, { description: 'false when a department could not supply a fact the rule needs' })
  certain: boolean;

  @Field(() => [String])
  unknownFacts: string[];
}

@ObjectType()
export class RegionPolicy {
  @Field(() => String)
  regionCode: string;

  @Field(() => String, { description: 'the region whose assignment applies (itself or an ancestor)' })
  assignedAt: string;

  @Field(() => String)
  packKey: string;

  @Field(() => Int)
  packVersion: number;

  @Field(() => String)
  packName: string;
}

@ObjectType()
export class CalendarDay {
  @Field(() => String)
  day: string;

  @Field(() => Boolean)
  working: boolean;

  @Field(() => String)
  note: string;
}
