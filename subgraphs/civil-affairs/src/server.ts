import type { Database } from '../../../shared/database';
import { SubgraphConfig, createSubgraphService } from '../../../shared/subgraph';
import { createLoaders } from './loaders';
import { buildSchema } from './schema';
import { createServices } from './services';

/** Builds the civil-affairs subgraph over an opened, migrated database. No side effects. */
export async function createServer(config: SubgraphConfig, database: Database) {
  const services = createServices(database.dataSource);
  const schema = await buildSchema(services);
  return createSubgraphService({ config, database, schema, createLoaders: () => createLoaders(services) });
}
