/**
 * npm run seed -- --subjects N [--seed S]: loads N synthetic people into the databases `npm start`
 * uses (PostgreSQL when DATABASE_URL or <DEPT>_DATABASE_URL is set, else the embedded PGlite under
 * DATA_DIR, which must not be open in a running `npm start`), migrating them first. Progress on
 * stderr with the rate and the time left; what was written on stdout.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { databaseTarget } from '../shared/config';
import { Database, openDatabase } from '../shared/database';
import { Department, departmentInfo } from '../shared/departments';
import { SUBGRAPHS } from '../subgraphs';
import { progressBar } from './progress';
import { SeedDatabases, seedPeople } from './seed-data';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const text = at >= 0 ? process.argv[at + 1] : undefined;
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a whole number, not ${text}`);
    process.exit(2);
  }
  return value;
}

async function main() {
  const subjects = option('subjects', 10_000);
  const seed = option('seed', 12);
  const opened: Database[] = [];
  try {
    const dbs = {} as SeedDatabases;
    for (const definition of SUBGRAPHS) {
      const target = databaseTarget(process.env, definition.department);
      const database = await openDatabase({
        target,
        name: departmentInfo(definition.department).subgraph,
        entities: definition.entities,
        migrations: definition.migrations,
      });
      opened.push(database);
      dbs[definition.department] = database.dataSource;
      if (definition.department === Department.CIVIL_AFFAIRS)
        process.stderr.write(
          `seeding ${subjects.toLocaleString('en')} people into ${database.description} …\n`,
        );
    }
    const started = performance.now();
    const summary = await seedPeople(dbs, {
      subjects,
      seed,
      progress: progressBar(started),
      phase: (what, s) => process.stderr.write(`${what} in ${s.toFixed(1)} s\n`),
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `seeded in ${seconds.toFixed(1)} s (${Math.round(subjects / seconds).toLocaleString('en')} people/s):`,
    );
    for (const [what, count] of Object.entries(summary)) console.log(`  ${what.padEnd(18)} ${count}`);
  } finally {
    for (const database of opened) await database.close();
  }
}

main().catch((e) => {
  console.error(`seed failed: ${(e as Error).message}`);
  process.exit(1);
});
