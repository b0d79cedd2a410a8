import '../../../shared/graphql-types';
import type { NonEmptyArray } from 'type-graphql';
import type { Constructor } from '../../../shared/database';
import { buildFederatedSchema } from '../../../shared/federation';
import { MODULES } from './modules';
import type { Services } from './services';

export function buildSchema(services: Services) {
  const resolvers = MODULES.flatMap((m) => m.resolvers(services));
  return buildFederatedSchema(
    {
      resolvers: resolvers.map((r) => r.constructor) as NonEmptyArray<Constructor>,
      orphanedTypes: MODULES.flatMap((m) => m.orphanedTypes ?? []),
      container: { get: (cls) => resolvers.find((r) => r instanceof cls) },
    },
    Object.assign({}, ...MODULES.map((m) => m.references ?? {})),
    MODULES.map((m) => m.typeDefs ?? '').join('\n'),
  );
}
