import { Arg, Ctx, Directive, Int, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { Services } from '../../services';
import { LogEvent } from './event.type';

@Resolver(() => LogEvent)
export class EventResolver {
  constructor(private readonly services: Services) {}

  @Query(() => [LogEvent], { description: 'the event log after a cursor (internal: the gateways tail it)' })
  @Directive('@inaccessible')
  eventLog(
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('limit', () => Int, { defaultValue: 500 }) limit: number,
    @Arg('waitMs', () => Int, {
      defaultValue: 0,
      description: 'wait this long for the next event if none is there yet',
    })
    waitMs: number,
    @Ctx() ctx: SubgraphContext<unknown>,
  ) {
    return this.services.events.after(after, limit, ctx.identity, waitMs);
  }

  @Query(() => String, { description: 'the newest cursor of the event log (internal)' })
  @Directive('@inaccessible')
  eventLogHead() {
    return this.services.events.lastCursor();
  }
}
