import { loaderByKey, loaderGrouped } from '../../../../../shared/loaders';
import type { Services } from '../../services';

export function consentLoaders(services: Services) {
  return {
    consentBySubjectId: loaderByKey(
      (ids: readonly string[]) => services.consents.economicConsentFor(ids),
      (c) => c.subjectId,
    ),
    sharingBySubjectId: loaderGrouped(
      (ids: readonly string[]) => services.consents.sharingFor(ids),
      (row) => row.subjectId,
    ),
  };
}

export type ConsentLoaders = ReturnType<typeof consentLoaders>;
