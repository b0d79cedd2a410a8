import { isWithinRegion } from '../../../shared/regions';
import { EventSubscription, checkRegionArgument } from './definition';

/** New urgent cases in a region (the caller's own when none is given) and below. */
export const urgentCaseReported: EventSubscription<{ regionCode?: string | null }> = {
  field: 'urgentCaseReported',
  kind: 'event',
  authorize({ regionCode }, identity) {
    if (regionCode != null) checkRegionArgument('regionCode', regionCode, identity);
  },
  accept: (event, { regionCode }, identity) =>
    event.kind === 'URGENT_CASE' && isWithinRegion(event.regionCode, regionCode ?? identity.region),
  payloadField: 'case',
  payloadQuery: { field: 'urgentCase', arguments: (event) => ({ id: event.entityId }) },
};
