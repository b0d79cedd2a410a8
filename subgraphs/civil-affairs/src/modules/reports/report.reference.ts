import type { SubgraphContext } from '../../../../../shared/subgraph';
import { decodeReportId } from './report.resolver';

/**
 * The gateway comes back with the partners' answers in the representation, to resolve `rows`: the
 * caller's right is checked again on the report's region, and the page is read again from its id.
 */
export const monthlyReportReference = {
  __resolveReference: (ref: { id: string } & Record<string, unknown>, ctx: SubgraphContext<unknown>) => ({
    ...ref,
    key: decodeReportId(ref.id, ctx.identity),
  }),
};
