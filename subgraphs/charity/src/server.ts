import { Department } from '../../../shared/departments';
import { definePartnerSubgraph } from '../../../shared/partner-subgraph';
import { chinaDate } from '../../../shared/policy/durations';
import { CharityMatchEntity } from './entities/charity-match.entity';
import { CharityResourceEntity } from './entities/charity-resource.entity';
import { createLoaders } from './loaders';
import { Charity1764000000400 } from './migrations/1764000000400-charity';
import { resolvers } from './schema';
import { createServices } from './services';
import { Subject } from './types/subject.type';

/** 慈善 / 红会: the charity resource library and subjects' matches, added to Subject as `charity`. */
export const charity = definePartnerSubgraph({
  department: Department.CHARITY,
  entities: [CharityResourceEntity, CharityMatchEntity],
  migrations: [Charity1764000000400],
  subject: Subject,
  createServices,
  resolvers,
  createLoaders,
  // 可衔接…社会帮扶资源: the resources a subject is matched to, and when (衔接时间)
  reportColumns: async (loaders, ids) => {
    const matches = await loaders.openMatchesByIdNumber.loadMany(ids);
    const resources = await loaders.resourceById.loadMany(
      matches.flatMap((m) => (m instanceof Error ? [] : m.map((x) => x.resourceId))),
    );
    const names = new Map(
      resources.flatMap((r) => (r && !(r instanceof Error) ? [[r.id, r.name] as const] : [])),
    );
    return Object.fromEntries(
      ids.map((id, i) => {
        const mine =
          matches[i] instanceof Error ? [] : (matches[i] as Array<{ resourceId: string; createdAt: Date }>);
        return [
          id,
          {
            matches:
              mine
                .map((m) => names.get(m.resourceId))
                .filter(Boolean)
                .join('；') || null,
            // the date in China (UTC+8): a match made just after midnight there is that day's
            matchedOn: mine.length
              ? chinaDate(new Date(Math.min(...mine.map((m) => m.createdAt.getTime()))))
              : null,
          },
        ];
      }),
    );
  },
  // charity's programs read only civil affairs' facts; it publishes none
  facts: async () => ({}),
});
