/**
 * `npm start`'s embedded databases (shared/pglite-host.ts): two data directories served from worker
 * threads of one process on ports chosen beforehand. A department's migrations and writes go through
 * its served database, what was written is there after the host stops and serves again, and a
 * department that starts before its database is served waits for it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePorts } from '../../scripts/processes';
import { openDatabase } from '../../shared/database';
import { Department } from '../../shared/departments';
import { configureLogging } from '../../shared/logging';
import { initialiseDataDirs, isDataDir, prepareClusterTemplate } from '../../shared/pglite-data-dir';
import { hostPGlite, hostedUrl } from '../../shared/pglite-host';
import { SUBGRAPHS } from '../../subgraphs';

describe('embedded databases served by npm start (medium)', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pglite-host-'));
  const dirs = [path.join(root, 'disability'), path.join(root, 'charity')];
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const query = async (port: number, sql: string) => {
    const client = new Client({ connectionString: hostedUrl(port) });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  it('serves each directory on its own port, keeps what was written, and a department waits for it', async () => {
    configureLogging('medium', 'error', false);
    await initialiseDataDirs(dirs);
    const ports = await freePorts(2);
    const failures: string[] = [];
    const databases = dirs.map((dataDir, i) => ({ dataDir, port: ports[i] }));

    // the department opens first, as under npm start: it waits until its database answers
    const disability = SUBGRAPHS.find((s) => s.department === Department.DISABILITY)!;
    const opening = openDatabase({
      target: { kind: 'pglite', dataDir: dirs[0], served: hostedUrl(ports[0]) },
      name: 'pglite-host',
      entities: disability.entities,
      migrations: disability.migrations,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    let host = await hostPGlite(databases, (m) => failures.push(m));
    const department = await opening;
    expect(department.description).toContain('served by npm start');
    const migrated = await department.dataSource.query(`SELECT name FROM migrations ORDER BY id`);
    expect(migrated.length).toBe(disability.migrations.length);
    await department.close();
    await query(ports[1], `CREATE TABLE marks (name text)`);
    await query(ports[1], `INSERT INTO marks VALUES ('charity')`);

    // each port is its own database: the charity table is not in disability's, and the reverse
    expect(await query(ports[0], `SELECT to_regclass('marks') AS t`)).toEqual([{ t: null }]);
    expect(await query(ports[1], `SELECT to_regclass('migrations') AS t`)).toEqual([{ t: null }]);

    await host.stop();
    host = await hostPGlite(databases, (m) => failures.push(m));
    try {
      // the department's migrations were written through its served database, and stayed
      expect(await query(ports[0], `SELECT name FROM migrations ORDER BY id`)).toEqual(migrated);
      expect(await query(ports[1], `SELECT name FROM marks`)).toEqual([{ name: 'charity' }]);
    } finally {
      await host.stop();
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('fails with the directory named when a database cannot be served', async () => {
    const [port] = await freePorts(1);
    const taken = await hostPGlite([{ dataDir: dirs[1], port }], () => {});
    try {
      await expect(hostPGlite([{ dataDir: dirs[0], port }], () => {})).rejects.toThrow(dirs[0]);
    } finally {
      await taken.stop();
    }
  }, 60_000);

  it('makes new data directories as copies of the empty cluster, made once, and leaves a foreign directory alone', async () => {
    const template = path.join(root, 'template', 'cluster');
    await prepareClusterTemplate(template);
    expect(isDataDir(template)).toBe(true);
    // a mark in the template shows that what follows copies it rather than running initdb again
    writeFileSync(path.join(template, 'copied-from-template'), '');
    expect(await prepareClusterTemplate(template)).toBe(template);
    const fresh = [path.join(root, 'copy-a'), path.join(root, 'copy-b'), path.join(root, 'foreign')];
    mkdirSync(fresh[2]);
    writeFileSync(path.join(fresh[2], 'notes.txt'), 'not a cluster');
    await initialiseDataDirs(fresh, template);
    for (const dir of fresh.slice(0, 2)) {
      expect(isDataDir(dir)).toBe(true);
      expect(existsSync(path.join(dir, 'copied-from-template'))).toBe(true);
    }
    expect(isDataDir(fresh[2])).toBe(false);
    // no half-made template is left beside it
    expect(existsSync(`${template}.${process.pid}.tmp`)).toBe(false);
  });
});
