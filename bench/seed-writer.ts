/**
 * How the seed generator's rows reach a department's database: one connection and ONE transaction
 * per database for the whole run (a failed or interrupted run leaves nothing half-written), each
 * chunk of a table written as one `COPY … FROM STDIN` on PostgreSQL, or one
 * `INSERT … SELECT FROM unnest(arrays)` on PGlite (its socket speaks no COPY sub-protocol).
 *
 * A table that is empty when the run starts is bulk-loaded: its indexes, keys and the foreign keys
 * touching it are dropped inside the transaction, the table is truncated (so COPY can write its
 * rows frozen, visible to index-only scans without a vacuum pass) and everything is recreated with
 * its own definition (`pg_get_indexdef`, `pg_get_constraintdef`) before the commit: one sort per
 * index and one join per foreign key instead of a b-tree insertion and a lookup per row. A table
 * that already holds rows keeps them all and is written around its indexes, checked row by row.
 */
import type { PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';

/** rows of one table as columns: name → [SQL type, values] */
export type Columns = Record<string, [string, unknown[]]>;

export function table(spec: Record<string, string>): Columns {
  return Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, [type, []]]));
}

export function push(t: Columns, row: Record<string, unknown>) {
  for (const name in t) t[name][1].push(row[name] ?? null);
}

export function rowCount(t: Columns): number {
  return Object.values(t)[0][1].length;
}

/** jsonb values met again (a visit template shared by thousands of visits) are serialised once */
const jsonText = new WeakMap<object, string>();
function json(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  let text = jsonText.get(value);
  if (text === undefined) jsonText.set(value, (text = JSON.stringify(value)));
  return text;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** COPY's text format escapes backslash, tab and line breaks in a value */
function escaped(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : text;
}

/** How a column's values are written in COPY's text format (null is `\N`, added by the caller). */
function copyEncoder(type: string): (value: unknown) => string {
  if (type === 'jsonb') return (v) => escaped(json(v));
  if (type.endsWith('[]'))
    return (v) =>
      escaped(`{${(v as unknown[]).map((e) => `"${String(e).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  return (v) =>
    v instanceof Date ? v.toISOString() : typeof v === 'boolean' ? (v ? 't' : 'f') : escaped(String(v));
}

/** The table's rows in COPY's text format, about a megabyte per buffer. */
function copyBuffers(t: Columns): Buffer[] {
  const columns = Object.values(t).map(([type, values]) => ({ values, encode: copyEncoder(type) }));
  const buffers: Buffer[] = [];
  let text = '';
  for (let row = 0; row < rowCount(t); row++) {
    for (let c = 0; c < columns.length; c++) {
      const value = columns[c].values[row];
      text +=
        (value === null || value === undefined ? '\\N' : columns[c].encode(value)) +
        (c < columns.length - 1 ? '\t' : '\n');
    }
    if (text.length > 1 << 20) {
      buffers.push(Buffer.from(text));
      text = '';
    }
  }
  if (text) buffers.push(Buffer.from(text));
  return buffers;
}

/** The wire protocol's connection inside `pg`'s client: what a COPY needs of it. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * `COPY … FROM STDIN` through `pg`'s own client: a query object it accepts (it calls `submit`, then
 * hands over the server's messages), sending the rows when the server asks for them.
 */
function copyFrom(client: PoolClient, statement: string, data: Buffer[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: Error | undefined;
    const ignore = () => {};
    const query = {
      submit: (connection: CopyConnection) => connection.query(statement),
      handleCopyInResponse: (connection: CopyConnection) => {
        for (const chunk of data) connection.sendCopyFromChunk(chunk);
        connection.endCopyFrom();
      },
      handleError: (e: Error) => {
        failure = e;
      },
      handleReadyForQuery: () => (failure ? reject(failure) : resolve()),
      handleCommandComplete: ignore,
      handleRowDescription: ignore,
      handleDataRow: ignore,
      handleEmptyQuery: ignore,
      handlePortalSuspended: ignore,
      handleCopyData: ignore,
    };
    (client as unknown as { query(q: typeof query): void }).query(query);
  });
}

/** One statement for the whole batch: every column an array parameter, unnested into rows. */
async function insertUnnest(runner: QueryRunner, name: string, t: Columns): Promise<void> {
  const names = Object.keys(t);
  const params = names.map((n) => {
    const [type, values] = t[n];
    // arrays of arrays (text[] columns) travel as JSON and are unpacked per row
    return type.endsWith('[]') || type === 'jsonb'
      ? values.map((v) => (v === null ? null : json(v)))
      : values;
  });
  const select = names.map((n, i) => {
    const type = t[n][0];
    if (type.endsWith('[]')) return `ARRAY(SELECT jsonb_array_elements_text(u.c${i}::jsonb))::${type}`;
    return type === 'jsonb' ? `u.c${i}::jsonb` : `u.c${i}`;
  });
  const unnest = names
    .map((n, i) => `$${i + 1}::${t[n][0].endsWith('[]') || t[n][0] === 'jsonb' ? 'text' : t[n][0]}[]`)
    .join(', ');
  await runner.query(
    `/* seed ${name} */ INSERT INTO ${name} (${names.join(', ')})
     SELECT ${select.join(', ')} FROM unnest(${unnest}) AS u(${names.map((_, i) => `c${i}`).join(', ')})`,
    params,
  );
}

/** A department's database during a seed run: its one connection, inside its one transaction. */
export class SeedWriter {
  private restore: string[] = [];
  private readonly frozen = new Set<string>();

  private constructor(
    private readonly runner: QueryRunner,
    private readonly client: PoolClient,
    private readonly copy: boolean,
  ) {}

  /**
   * Opens the transaction; `tables` (those the run fills) that are empty are bulk-loaded. Nothing
   * else may use a PGlite database meanwhile: this holds its one connection.
   */
  static async open(db: DataSource, tables: readonly string[]): Promise<SeedWriter> {
    const runner = db.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      const [{ version }] = await runner.query(`SELECT version()`);
      const writer = new SeedWriter(runner, client, !/PGlite/.test(version));
      await runner.startTransaction();
      // the run commits once; its own session may sort indexes in memory
      await runner.query(`SET LOCAL synchronous_commit = off`);
      await runner.query(`SET LOCAL maintenance_work_mem = '256MB'`);
      const empty: string[] = [];
      for (const name of tables)
        if (!(await runner.query(`SELECT EXISTS (SELECT 1 FROM ${name}) AS rows`))[0].rows) empty.push(name);
      if (empty.length) await writer.dropForLoad(empty);
      return writer;
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
      throw e;
    }
  }

  /** Drops what `empty`'s rows would maintain one at a time and truncates them (they are empty). */
  private async dropForLoad(empty: string[]): Promise<void> {
    const foreign: Array<{ tbl: string; name: string; def: string }> = await this.runner.query(
      `/* seedForeignKeys (tables) */ SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE contype = 'f' AND (conrelid = ANY($1::regclass[]) OR confrelid = ANY($1::regclass[]))
       ORDER BY 1, 2`,
      [empty],
    );
    const keys: Array<{ tbl: string; name: string; def: string }> = await this.runner.query(
      `/* seedKeys (tables) */ SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE contype IN ('p', 'u') AND conrelid = ANY($1::regclass[]) ORDER BY 1, 2`,
      [empty],
    );
    const indexes: Array<{ name: string; def: string }> = await this.runner.query(
      `/* seedIndexes (tables) */ SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def
       FROM pg_index i WHERE indrelid = ANY($1::regclass[])
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
       ORDER BY 1`,
      [empty],
    );
    for (const f of foreign) await this.runner.query(`ALTER TABLE ${f.tbl} DROP CONSTRAINT ${f.name}`);
    for (const k of keys) await this.runner.query(`ALTER TABLE ${k.tbl} DROP CONSTRAINT ${k.name}`);
    for (const i of indexes) await this.runner.query(`DROP INDEX ${i.name}`);
    await this.runner.query(`TRUNCATE ${empty.join(', ')}`);
    for (const name of empty) this.frozen.add(name);
    this.restore = [
      ...indexes.map((i) => i.def),
      ...keys.map((k) => `ALTER TABLE ${k.tbl} ADD CONSTRAINT ${k.name} ${k.def}`),
      ...foreign.map((f) => `ALTER TABLE ${f.tbl} ADD CONSTRAINT ${f.name} ${f.def}`),
    ];
  }

  /** Writes one chunk of a table's rows. */
  async write(name: string, t: Columns): Promise<void> {
    if (!rowCount(t)) return;
    if (!this.copy) return insertUnnest(this.runner, name, t);
    const options = this.frozen.has(name) ? ' WITH (FREEZE)' : '';
    await copyFrom(
      this.client,
      `/* seed ${name} */ COPY ${name} (${Object.keys(t).join(', ')}) FROM STDIN${options}`,
      copyBuffers(t),
    );
  }

  /** Rebuilds what was dropped (keys and foreign keys checked over the whole table) and commits. */
  async commit(): Promise<void> {
    try {
      for (const statement of this.restore) await this.runner.query(statement);
      await this.runner.commitTransaction();
    } finally {
      if (this.runner.isTransactionActive) await this.runner.rollbackTransaction();
      await this.runner.release();
    }
  }

  /** Leaves the database as it was. */
  async rollback(): Promise<void> {
    try {
      if (this.runner.isTransactionActive) await this.runner.rollbackTransaction();
    } finally {
      await this.runner.release();
    }
  }
}
