import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { parseIsoDate } from '../../../../../shared/dates';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { Services } from '../../services';
import type { PolicyLoaders } from './policy.loaders';
import type { PolicySnapshot } from './policy.service';
import { CalendarDay, PolicyPackVersion, RegionPolicy } from './policy.type';

type Context = SubgraphContext<PolicyLoaders>;

@Resolver(() => PolicyPackVersion)
export class PolicyResolver {
  constructor(private readonly services: Services) {}

  @Query(() => [PolicyPackVersion], {
    description: 'Every published version of every pack, newest first per key',
  })
  policyPacks() {
    return this.services.policy.packs();
  }

  @Query(() => PolicyPackVersion, {
    nullable: true,
    description: 'A pack by key; the latest version unless one is given',
  })
  policyPack(
    @Arg('key', () => String) key: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
  ) {
    return this.services.policy.pack(key, version);
  }

  @Query(() => RegionPolicy, {
    nullable: true,
    description: 'The pack a region runs (its own or inherited), or null',
  })
  async regionPolicy(@Arg('regionCode', () => String) regionCode: string, @Ctx() ctx: Context) {
    return regionPolicy(regionCode, await ctx.loaders.policySnapshot());
  }

  @Mutation(() => PolicyPackVersion, {
    description: 'Publishes a pack document as the next version of its key; refused naming the failing path',
  })
  async publishPolicyPack(
    @Arg('document', () => GraphQLJSONObject) document: Record<string, unknown>,
    @Ctx() ctx: Context,
  ) {
    const published = await this.services.policy.publish(document, ctx.identity);
    // a new version may move any region's tiers and due dates
    await this.services.standing.invalidateUnder('');
    return published;
  }

  @Mutation(() => RegionPolicy, {
    description: 'Assigns a pack to a region and everything under it without its own',
  })
  async assignPolicyPack(
    @Arg('regionCode', () => String) regionCode: string,
    @Arg('packKey', () => String) packKey: string,
    @Ctx() ctx: Context,
  ) {
    await this.services.policy.assign(regionCode, packKey, ctx.identity);
    await this.services.standing.invalidateUnder(regionCode);
    return regionPolicy(regionCode, await this.services.policy.snapshot());
  }

  @Mutation(() => CalendarDay, {
    description: 'Marks a day as a public holiday (working: false) or a 调休 working day',
  })
  setCalendarDay(
    @Arg('day', () => String) day: string,
    @Arg('working', () => Boolean) working: boolean,
    @Arg('note', () => String) note: string,
  ) {
    return this.services.policy.setCalendarDay(parseIsoDate(day, 'day'), working, note);
  }

  @FieldResolver(() => String)
  publishedAt(@Root() pack: PolicyPackVersion) {
    return pack.publishedAt.toISOString();
  }
}

/** The pack a region runs (its own or inherited), or null. */
function regionPolicy(regionCode: string, snapshot: PolicySnapshot): RegionPolicy | null {
  const found = snapshot.packFor(regionCode);
  return found
    ? {
        regionCode,
        assignedAt: found.assignedAt,
        packKey: found.pack.key,
        packVersion: found.pack.version,
        packName: found.pack.name,
      }
    : null;
}
