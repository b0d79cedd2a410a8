/**
 * The modules of civil affairs, imported and listed in the order their operations were first
 * written. type-graphql prints fields in the order its decorators ran, which is the order these
 * files load: changing the order of the imports reorders schema.graphql and the supergraph.
 */
import type { CivilAffairsModule } from '../module';
import { discoveries } from './discoveries';
import { warnings } from './warnings';
import { referrals } from './referrals';
import { urgentCases } from './urgent-cases';
import { dashboard } from './dashboard';
import { events } from './events';
import { policy } from './policy';
import { registry } from './registry';
import { registration } from './registration';
import { consent } from './consent';
import { visiting } from './visiting';
import { standing } from './standing';
import { eligibility } from './eligibility';
import { audit } from './audit';
import { reports } from './reports';

export {
  audit,
  consent,
  dashboard,
  discoveries,
  eligibility,
  events,
  policy,
  referrals,
  registration,
  reports,
  standing,
  registry,
  urgentCases,
  visiting,
  warnings,
};

export const MODULES: CivilAffairsModule[] = [
  discoveries,
  warnings,
  referrals,
  urgentCases,
  dashboard,
  events,
  policy,
  registry,
  registration,
  consent,
  visiting,
  standing,
  eligibility,
  audit,
  reports,
];
