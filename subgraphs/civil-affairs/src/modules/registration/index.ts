import type { CivilAffairsModule } from '../../module';
import { RegistrationResolver } from './registration.resolver';

/**
 * Registration: a subject with household and assistance statuses, created or updated in one
 * transaction, raising the early warnings a household change crosses. It writes the registry's
 * tables; the registry below it reads them and decides who may see a subject.
 */
export const registration = {
  entities: [],
  migrations: [],
  resolvers: (services) => [new RegistrationResolver(services)],
} satisfies CivilAffairsModule;
