import { isWithinRegion } from '../../../shared/regions';
import { TickerSubscription, checkRegionArgument } from './definition';

/** A region's dashboard counters: now, after every event in the region, and each minute. */
export const dashboardCountersChanged: TickerSubscription<{ regionCode: string }> = {
  field: 'dashboardCountersChanged',
  kind: 'ticker',
  everyMs: 60_000,
  authorize: ({ regionCode }, identity) => checkRegionArgument('regionCode', regionCode, identity),
  accept: (event, { regionCode }) => isWithinRegion(event.regionCode, regionCode),
  payloadQuery: { field: 'dashboardCounters', arguments: ({ regionCode }) => ({ regionCode }) },
};
