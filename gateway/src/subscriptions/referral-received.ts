import type { Department } from '../../../shared/departments';
import type { EventSubscription } from './definition';

/**
 * New referrals addressed to a department. Who hears of one is civil affairs' answer to
 * `referral(id)` under the subscriber's token, so the argument itself needs no check here.
 */
export const referralReceived: EventSubscription<{ department: Department }> = {
  field: 'referralReceived',
  kind: 'event',
  authorize() {},
  accept: (event, { department }) => event.kind === 'REFERRAL' && event.department === department,
  payloadField: 'referral',
  payloadQuery: { field: 'referral', arguments: (event) => ({ id: event.entityId }) },
};
