import type { Constructor } from '../../../shared/database';
import type { ReferenceResolvers } from '../../../shared/federation';
import type { Services } from './services';

/**
 * What a module (STYLE.md: a subgraph cut by capability) gives the subgraph. Every module has the
 * same files: `<thing>.entity.ts`, `.type.ts`, `.resolver.ts`, `.service.ts`, `.repository.ts`, and
 * an `index.ts` that exports one of these.
 */
export interface CivilAffairsModule {
  /** TypeORM entities of the tables the module owns */
  entities: Constructor[];
  /** the migrations that created those tables; never edited once landed */
  migrations: Constructor[];
  /** the module's resolvers, given the subgraph's services */
  resolvers(services: Services): object[];
  /** object types no query returns (subscription payloads) */
  orphanedTypes?: Constructor[];
  /** entity reference resolvers, by type name */
  references?: ReferenceResolvers;
  /** SDL added to the schema as is */
  typeDefs?: string;
  /** the module's per-request DataLoaders (composed in src/loaders.ts) */
  loaders?(services: Services, ...reads: never[]): object;
}
