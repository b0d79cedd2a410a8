import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { AFTER, FIRST, encodeCursor } from '../../../../../shared/paging';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { Services } from '../../services';
import { auditSubjectOf } from '../audit/audit.subject';
import { Discovery } from '../discoveries/discovery.type';
import type { RegistryLoaders } from '../registry/registry.loaders';
import { recordSubject } from '../registry/subject-access';
import { Subject } from '../registry/subject.type';
import { WARNING_CURSOR } from './early-warning.service';
import { EarlyWarning, WarningStatus } from './early-warning.type';

type Context = SubgraphContext<RegistryLoaders>;

@Resolver(() => EarlyWarning)
export class EarlyWarningResolver {
  constructor(private readonly services: Services) {}

  @Query(() => [EarlyWarning], {
    description:
      "A region's early warnings for its village advisors, newest first (then by id), a page at a time",
  })
  earlyWarnings(
    @Arg('regionCode', () => String) regionCode: string,
    @Arg('status', () => WarningStatus, { nullable: true }) status: WarningStatus | null,
    @Arg('first', () => Int, { nullable: true, description: FIRST }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: AFTER }) after: string | null,
  ) {
    return this.services.warnings.list(regionCode, status, first, after);
  }

  @FieldResolver(() => String, {
    description: 'this item’s place in its list: pass it as `after` for the next page',
  })
  cursor(@Root() w: EarlyWarning) {
    return encodeCursor(WARNING_CURSOR, w.id);
  }

  @Mutation(() => EarlyWarning)
  async acknowledgeWarning(
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String) note: string,
    @Ctx() ctx: Context,
  ) {
    return auditSubjectOf(await this.services.warnings.move(id, 'ACKNOWLEDGED', note, ctx.identity), ctx);
  }

  @Mutation(() => EarlyWarning)
  async resolveWarning(
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String) note: string,
    @Ctx() ctx: Context,
  ) {
    return auditSubjectOf(await this.services.warnings.move(id, 'RESOLVED', note, ctx.identity), ctx);
  }

  @Mutation(() => [EarlyWarning], { description: "health's outbox reports a new major illness (internal)" })
  @Directive('@inaccessible')
  reportHealthChange(
    @Arg('idNumber', () => String) idNumber: string,
    @Arg('majorIllness', () => Boolean) majorIllness: boolean,
    @Arg('key', () => String, {
      nullable: true,
      description: 'the message id: a retried report raises nothing new',
    })
    key: string | null,
    @Ctx() ctx: Context,
  ) {
    return this.services.warnings.healthChanged(idNumber, majorIllness, key, ctx.identity);
  }

  @FieldResolver(() => Subject, {
    nullable: true,
    description: 'withheld once the person has moved out of your region',
  })
  subject(@Root() w: EarlyWarning, @Ctx() ctx: Context) {
    return recordSubject(ctx.loaders.subjectById, w.subjectId, ctx.identity);
  }

  @FieldResolver(() => String)
  raisedAt(@Root() w: EarlyWarning) {
    return w.raisedAt.toISOString();
  }

  @FieldResolver(() => Discovery, {
    nullable: true,
    description: 'the discovery the warning filed, where the pack says so',
  })
  async discovery(@Root() w: EarlyWarning) {
    return w.discoveryId ? (await this.services.discoveries.byIds([w.discoveryId]))[0] : null;
  }
}
