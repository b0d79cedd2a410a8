/** Every subscription the gateway serves; install-subscriptions.ts wires each into the API schema. */
import { dashboardCountersChanged } from './dashboard-counters-changed';
import type { SubscriptionDefinition } from './definition';
import { referralReceived } from './referral-received';
import { urgentCaseReported } from './urgent-case-reported';

export const SUBSCRIPTIONS: readonly SubscriptionDefinition[] = [
  urgentCaseReported,
  referralReceived,
  dashboardCountersChanged,
];
