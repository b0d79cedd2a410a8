import { ForbiddenError } from '../../../../shared/errors';
import type { SubgraphContext } from '../../../../shared/subgraph';
import type { Loaders } from '../loaders';
import { isVisibleTo } from '../services/subject.service';

/** Other subgraphs reach a Subject by ID number; batched per request by the loader. */
export const subjectReference = {
  __resolveReference: async (ref: { idNumber: string }, ctx: SubgraphContext<Loaders>) => {
    const subject = await ctx.loaders.subjectByIdNumber.load(ref.idNumber);
    if (subject && !isVisibleTo(subject, ctx.identity)) {
      throw new ForbiddenError(
        `subject ${ref.idNumber.slice(0, 6)}… is outside your region ${ctx.identity.region}`,
      );
    }
    return subject;
  },
};
