import type { CivilAffairsModule } from '../../module';
import { Standing1764000000006 } from './migrations/1764000000006-standing';
import { ListPaging1764000001200 } from './migrations/1764000001200-list-paging';
import { PartnerFactsEntity, SubjectStandingEntity } from './standing.entity';
import { standingLoaders } from './standing.loaders';
import { PartnerFactsResolver } from './standing.resolver';

/**
 * 对象分级与走访计划 stored: the facts partner departments publish (outbox pushes and a background
 * catch-up, never a read-time call), and each subject's tier and next due visit, recomputed by every
 * write that can move them and by the sweep for what time alone changes. Lists read it by index.
 */
export const standing = {
  entities: [PartnerFactsEntity, SubjectStandingEntity],
  migrations: [Standing1764000000006, ListPaging1764000001200],
  resolvers: (services) => [new PartnerFactsResolver(services)],
  loaders: standingLoaders,
} satisfies CivilAffairsModule;
