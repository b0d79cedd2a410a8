import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Directive, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Department } from '../../../../../shared/graphql-types';
import { ForbiddenError } from '../../../../../shared/errors';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { Services } from '../../services';
import { AccessLogEntry } from './access-log.type';
import { AuditKind } from './audit.type';

@Resolver(() => AccessLogEntry)
export class AccessLogResolver {
  constructor(private readonly services: Services) {}

  /**
   * A CITIZEN request carries `citizen` and no `identity`: nothing here reads `ctx.identity`, and the
   * audit plugin records nothing for it (it is the person reading their own log, not staff).
   */
  @Query(() => [AccessLogEntry], {
    description:
      'Who read or changed your own data: which department, in what role, which fields, when (CITIZEN token; newest first, at most 1000)',
  })
  async myAccessLog(
    @Arg('since', () => String, { nullable: true, description: 'ISO date; the whole history without it' })
    since: string | null,
    @Ctx() ctx: Pick<SubgraphContext<unknown>, 'citizen'>,
  ): Promise<AccessLogEntry[]> {
    if (!ctx.citizen) throw new ForbiddenError('myAccessLog is for a CITIZEN token about its own person');
    const rows = await this.services.accessLog.mine(ctx.citizen, since);
    return rows.map((r) => ({
      at: r.at.toISOString(),
      department: r.department as Department,
      role: r.role,
      operation: r.operation,
      kind: r.kind as AuditKind,
      fields: r.fields,
      recordedBy: r.recordedBy as Department,
    }));
  }

  @Mutation(() => Int, {
    description:
      "a partner's audit entries that name a person, shipped from its log for that person's myAccessLog; answers how many were new (internal)",
  })
  @Directive('@inaccessible')
  recordAccessLog(
    @Arg('department', () => Department) department: Department,
    @Arg('entries', () => [GraphQLJSONObject]) entries: Array<Record<string, unknown>>,
    @Ctx() ctx: SubgraphContext<unknown>,
  ): Promise<number> {
    return this.services.accessLog.record(ctx.identity, department, entries);
  }
}
