import type { CivilAffairsModule } from '../../module';
import { ConsentEntity } from './consent.entity';
import { consentLoaders } from './consent.loaders';
import { ConsentResolver, HouseholdResolver } from './consent.resolver';
import { ConsentsWarnings1764000000004 } from './migrations/1764000000004-consents-warnings';

/**
 * 授权 consent: a household's economic figures reach other departments only with the subject's
 * signed authorisation. Its migration also created the warnings' table.
 */
export const consent = {
  entities: [ConsentEntity],
  migrations: [ConsentsWarnings1764000000004],
  resolvers: (services) => [new ConsentResolver(services), new HouseholdResolver()],
  loaders: consentLoaders,
} satisfies CivilAffairsModule;
