import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { RegistryLoaders } from './registry.loaders';
import { assertVisible } from './subject-access';

/** Other subgraphs reach a Subject by ID number; batched per request by the loader. */
export const subjectReference = {
  __resolveReference: async (ref: { idNumber: string }, ctx: SubgraphContext<RegistryLoaders>) => {
    const subject = await ctx.loaders.subjectByIdNumber.load(ref.idNumber);
    if (subject) assertVisible(subject, ctx.identity);
    return subject;
  },
};
