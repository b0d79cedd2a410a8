import type { CivilAffairsModule } from '../../module';
import { EarlyWarningEntity } from './early-warning.entity';
import { EarlyWarningResolver } from './early-warning.resolver';

/**
 * 预警 early warnings for village advisors, raised by household and health changes that cross a line
 * of the region's pack. Its table was created by consent's migration ConsentsWarnings1764000000004.
 */
export const warnings = {
  entities: [EarlyWarningEntity],
  migrations: [],
  resolvers: (services) => [new EarlyWarningResolver(services)],
} satisfies CivilAffairsModule;
