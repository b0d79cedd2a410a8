/**
 * The medium tier (STYLE.md): one module's services against a real PostgreSQL — the DATABASE_URL
 * server (a fresh database, as in CI) or an in-process PGlite — with the subgraph's own migrations,
 * data made by factories, and no other process, no HTTP: a rule is tested in milliseconds.
 */
import { Role } from '../../shared/auth';
import { DEVELOPMENT_AUTH } from '../../shared/config';
import { Database, openDatabase } from '../../shared/database';
import { Department, departmentInfo } from '../../shared/departments';
import { configureLogging } from '../../shared/logging';
import { SubgraphDefinition, loadSubgraphConfig } from '../../shared/subgraph';
import { dropTestDatabase, testDatabaseTarget } from './databases';

export interface MediumDatabase<S> {
  database: Database;
  services: S;
  close(): Promise<void>;
}

/** Opens a fresh, migrated database for a subgraph and builds its services over it (no server). */
export async function mediumDatabase<S>(definition: SubgraphDefinition<S>): Promise<MediumDatabase<S>> {
  configureLogging('medium', 'error', false);
  const target = testDatabaseTarget(definition.department);
  const database = await openDatabase({
    target,
    name: departmentInfo(definition.department).subgraph,
    entities: definition.entities,
    migrations: definition.migrations,
  });
  const config = {
    ...loadSubgraphConfig(definition.department, { NODE_ENV: 'test', ...DEVELOPMENT_AUTH }),
    database: target,
  };
  const services = definition.createServices(database.dataSource, config);
  await definition.prepare?.(services);
  return {
    database,
    services,
    async close() {
      await database.close();
      await dropTestDatabase(target);
    },
  };
}

/** An identity as a verified token would give it. */
export function identity(department: Department, role: Role, region: string | null = null) {
  return { user: `medium-${department.toLowerCase()}-${role.toLowerCase()}`, department, role, region };
}
