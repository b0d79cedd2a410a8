/**
 * What a subscription is, as data: the installer (install-subscriptions.ts) serves every definition
 * the same way. A definition checks its arguments and pre-filters rows of the event log; whether a
 * subscriber may see an event is never decided here but by the payload query, run through the
 * gateway under the subscriber's own token: an entity it may not read is an event it does not get.
 */
import type { Identity } from '../../../shared/auth';
import { ForbiddenError, InvalidInputError } from '../../../shared/errors';
import { isWithinRegion, regionLevel } from '../../../shared/regions';
import type { LogEvent } from './event-feed';

interface Definition<Args> {
  /** the Subscription field of the API schema it serves */
  field: string;
  /** checks the arguments at subscribe time, throwing a typed error (ForbiddenError, InvalidInputError) */
  authorize(args: Args, identity: Identity): void;
  /** cheap pre-filter on an event-log row (kind, region prefix, department); no access rules */
  accept(event: LogEvent, args: Args, identity: Identity): boolean;
}

/**
 * One message per accepted event of the log, `{ cursor, <payloadField> }`, where the payload is the
 * answer to `payloadQuery` with the client's selection; with `after`, first every event since that
 * cursor. An event whose payload query answers null, FORBIDDEN or NOT_FOUND is skipped.
 */
export interface EventSubscription<Args> extends Definition<Args & { after?: string | null }> {
  kind: 'event';
  /** the field of the event type that carries the entity */
  payloadField: string;
  payloadQuery: { field: string; arguments(event: LogEvent, args: Args): Record<string, unknown> };
}

/**
 * The payload query's answer itself: at once, after each accepted event (several close together
 * count once) and every `everyMs`. There is no event to skip: a refusal reaches the client as that
 * message's error.
 */
export interface TickerSubscription<Args> extends Definition<Args> {
  kind: 'ticker';
  everyMs: number;
  payloadQuery: { field: string; arguments(args: Args): Record<string, unknown> };
}

export type SubscriptionDefinition = EventSubscription<any> | TickerSubscription<any>;

/** A region argument must be a division code inside the caller's own region. */
export function checkRegionArgument(name: string, region: string, identity: Identity): void {
  if (regionLevel(region) === undefined)
    throw new InvalidInputError(name, 'must be a 2/4/6/9/12-digit division code', 'FORMAT');
  if (!isWithinRegion(region, identity.region))
    throw new ForbiddenError(`region ${region} is outside your region ${identity.region}`);
}
