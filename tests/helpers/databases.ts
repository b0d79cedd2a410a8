/**
 * Test databases: a fresh database per test system on the PostgreSQL server named by DATABASE_URL
 * (as in CI), or an in-memory PGlite when it is not set. Dropped again on close.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DatabaseTarget } from '../../shared/config';
import { Department, departmentInfo } from '../../shared/departments';

export const serverUrl = process.env.DATABASE_URL || null;

export function testDatabaseTarget(
  department: Department,
  tag = randomBytes(4).toString('hex'),
  /** another PostgreSQL server than DATABASE_URL's (the fault suite's own, which it stops) */
  server: string | null = serverUrl,
): DatabaseTarget {
  if (!server) return { kind: 'pglite', dataDir: null };
  const url = new URL(server);
  url.pathname = `/test_${departmentInfo(department).database}_${tag}`;
  return { kind: 'postgres', url: url.toString() };
}

export async function dropTestDatabase(target: DatabaseTarget): Promise<void> {
  if (target.kind !== 'postgres') return;
  const url = new URL(target.url);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
