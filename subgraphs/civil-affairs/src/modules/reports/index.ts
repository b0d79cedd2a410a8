import type { CivilAffairsModule } from '../../module';
import { monthlyReportReference } from './report.reference';
import { MonthlyReportResolver } from './report.resolver';

/**
 * 月报: the monthly tables of the source documents (Qingpu 2024 tables 1–4, Qianjiang 2022's
 * discoveries, Hangtou 2022's per-village table) from the registry, a page at a time; the partners'
 * columns come through the gateway's plan (`MonthlyReport.rows` @requires their answers). No tables
 * of its own: the person-level data it prints is the registry's (migration 1764000001100).
 */
export const reports = {
  entities: [],
  migrations: [],
  resolvers: (services) => [new MonthlyReportResolver(services)],
  references: { MonthlyReport: monthlyReportReference },
} satisfies CivilAffairsModule;
