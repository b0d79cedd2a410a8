import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { RegistryLoaders } from '../registry/registry.loaders';
import { visibleOrNull } from '../registry/subject-access';
import { subjectReference } from '../registry/subject.reference';
import type { StandingLoaders } from '../standing/standing.loaders';
import { PARTNERS } from './eligibility.service';
import { programsField } from '../../../../../shared/partner-programs';

const PROGRAM_FIELDS = PARTNERS.map(programsField);

/**
 * The gateway reaches civil affairs a second time in a lookup, after the partners, with their
 * program answers in the representation, only to resolve `eligibility`. That fetch is answered from
 * the subject's stored standing (its region codes for the access check, its facts for the rules),
 * so the lookup reads each table once. Any other representation resolves through the registry.
 */
export const eligibilityReference = {
  __resolveReference: async (
    ref: { idNumber: string } & Record<string, unknown>,
    ctx: SubgraphContext<RegistryLoaders & StandingLoaders>,
  ) => {
    if (!PROGRAM_FIELDS.some((f) => f in ref)) return subjectReference.__resolveReference(ref, ctx);
    const standing = await ctx.loaders.standingByIdNumber.load(ref.idNumber);
    if (!standing) {
      // never computed yet: the registry's row, with the answers the gateway brought
      const subject = await subjectReference.__resolveReference(ref, ctx);
      return subject && { ...subject, ...ref };
    }
    if (!visibleOrNull(standing, ctx.identity)) return null;
    return {
      ...ref,
      id: standing.subjectId,
      registeredRegionCode: standing.registeredRegionCode,
      residenceRegionCode: standing.residenceRegionCode,
      standing,
    };
  },
};
