import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { RegistryLoaders } from './registry.loaders';
import { visibleOrNull } from './subject-access';

/** Other subgraphs reach a Subject by ID number; batched per request by the loader. */
export const subjectReference = {
  __resolveReference: async (ref: { idNumber: string }, ctx: SubgraphContext<RegistryLoaders>) => {
    // a person outside the caller's region is answered as unknown
    return visibleOrNull(await ctx.loaders.subjectByIdNumber.load(ref.idNumber), ctx.identity);
  },
};
