/**
 * The audit store (shared/audit.ts) against a real PostgreSQL (or PGlite), no server: appends chained
 * by the database, a subject's entries verified without reading the whole chain, and a log that
 * refuses to change and tells when it was changed behind its back.
 */
import {
  AuditEntry,
  AuditLog,
  AuditLog1764000000950,
  AuditLogIndexedTail1764000001700,
  GENESIS_HASH,
  auditContent,
  chainHash,
  entryOf,
} from '../../shared/audit';
import { Database, openDatabase } from '../../shared/database';
import { Department } from '../../shared/departments';
import { configureLogging } from '../../shared/logging';
import { dropTestDatabase, testDatabaseTarget } from '../helpers/databases';

const ELDER = '33038119520315432X';
const WORKER = '330381198805061239';

const read = (subject: string | null, fields: string[], extra: Partial<AuditEntry> = {}): AuditEntry => ({
  actor: 'window-1',
  department: Department.CIVIL_AFFAIRS,
  role: 'WINDOW',
  operation: 'CrossLineLookup',
  kind: 'READ',
  subjectIdNumber: subject,
  fields,
  requestId: 'req-1',
  ...extra,
});

describe('audit log (medium: the store on a real database)', () => {
  const opened: Array<{ database: Database; target: ReturnType<typeof testDatabaseTarget> }> = [];
  /** a fresh database with only the audit table */
  const fresh = async () => {
    configureLogging('medium', 'error', false);
    const target = testDatabaseTarget(Department.HEALTH);
    const database = await openDatabase({
      target,
      name: 'audit',
      entities: [],
      migrations: [AuditLog1764000000950, AuditLogIndexedTail1764000001700],
    });
    opened.push({ database, target });
    return { db: database.dataSource, log: new AuditLog(database.dataSource) };
  };
  afterAll(async () => {
    for (const { database, target } of opened) {
      await database.close();
      await dropTestDatabase(target);
    }
  });

  /** three requests: two reads of the elder, one write about the worker */
  const seed = async (log: AuditLog) => {
    await log.append([
      read(ELDER, ['medical.majorIllness', 'medical.outOfPocketLast12Months']),
      read(WORKER, ['tradeUnion.member']),
    ]);
    await log.append([
      read(null, ['addCharityResource'], { kind: 'WRITE', operation: 'addCharityResource', requestId: null }),
    ]);
    await log.append([
      read(ELDER, ['medical.diagnosis'], { actor: '张三 "quoted" | piped', requestId: 'req-3' }),
    ]);
  };

  it('numbers and chains every appended row, the rows of one request in one statement', async () => {
    const { db, log } = await fresh();
    await seed(log);
    const rows = await db.query(`SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq`);
    expect(rows.map((r: any) => String(r.seq))).toEqual(['1', '2', '3', '4']);
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    expect(await log.verifyChain()).toEqual({ verified: true, checked: 4, broken: null });
  });

  it("stores each hash as the code recomputes it: sha256 of prev_hash and the row's canonical content", async () => {
    const { db, log } = await fresh();
    await seed(log);
    const rows = await db.query(`SELECT * FROM audit_log ORDER BY seq`);
    expect(rows.map((r: any) => r.hash)).toEqual(
      rows.map((r: any) => chainHash(r.prev_hash, auditContent(entryOf(r)))),
    );
    expect(rows[3].actor).toBe('张三 "quoted" | piped');
  });

  it("gives a subject's entries newest first, since a time, verified", async () => {
    const { log } = await fresh();
    await seed(log);
    const trail = await log.trail(ELDER, null);
    expect(trail).toMatchObject({ verified: true, broken: [] });
    expect(trail.entries.map((e) => [e.seq, e.fields])).toEqual([
      ['4', ['medical.diagnosis']],
      ['1', ['medical.majorIllness', 'medical.outOfPocketLast12Months']],
    ]);
    expect(trail.entries[0]).toMatchObject({
      department: 'CIVIL_AFFAIRS',
      role: 'WINDOW',
      operation: 'CrossLineLookup',
      kind: 'READ',
      subjectIdNumber: ELDER,
      requestId: 'req-3',
    });
    expect((await log.trail(ELDER, new Date(Date.now() + 60_000))).entries).toEqual([]);
    expect((await log.trail(WORKER, new Date(Date.now() - 60_000))).entries).toHaveLength(1);
  });

  it('refuses UPDATE, DELETE and TRUNCATE, and the rows stay as they were', async () => {
    const { db, log } = await fresh();
    await seed(log);
    await expect(db.query(`UPDATE audit_log SET actor = 'nobody' WHERE seq = 1`)).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(db.query(`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await log.verifyChain()).toMatchObject({ verified: true, checked: 4 });
  });

  it('replaces a hash an INSERT brings with the chain’s own', async () => {
    const { db, log } = await fresh();
    await seed(log);
    await db.query(
      `INSERT INTO audit_log (seq, at, actor, department, role, operation, kind, fields, prev_hash, hash)
       VALUES (99, '2020-01-01', 'forger', 'HEALTH', 'ADMIN', 'x', 'READ', '{}', 'abc', 'def')`,
    );
    const [row] = await db.query(`SELECT seq, prev_hash, at FROM audit_log WHERE actor = 'forger'`);
    expect(String(row.seq)).toBe('5');
    expect(row.prev_hash).not.toBe('abc');
    expect(row.at.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await log.verifyChain()).toMatchObject({ verified: true, checked: 5 });
  });

  it('finds the last row by its index even once the log was analysed while empty (appends stay linear)', async () => {
    const { db, log } = await fresh();
    // the statistics that made a session's cached plan scan and sort the whole log for every row
    await db.query('ANALYZE audit_log');
    const [{ proconfig }] = await db.query(`SELECT proconfig FROM pg_proc WHERE proname = 'audit_log_chain'`);
    expect(proconfig).toContain('enable_seqscan=off');
    const plan: Array<Record<string, string>> = await db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      return tx.query('EXPLAIN SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    });
    expect(plan.map((r) => Object.values(r)[0]).join('\n')).toMatch(
      /Index (Only )?Scan Backward using audit_log_pkey/,
    );
    for (let page = 0; page < 3; page++)
      await log.append(Array.from({ length: 300 }, (_, i) => read(ELDER, [`page ${page} row ${i}`])));
    expect(await log.verifyChain(250)).toEqual({ verified: true, checked: 900, broken: null });
  });

  it('keeps one chain while many requests append at once', async () => {
    const { log } = await fresh();
    await Promise.all(
      Array.from({ length: 24 }, (_, i) => log.append([read(ELDER, [`f${i}`]), read(WORKER, [`g${i}`])])),
    );
    expect(await log.verifyChain()).toEqual({ verified: true, checked: 48, broken: null });
    expect((await log.trail(ELDER, null)).entries).toHaveLength(24);
  });

  describe('a row changed behind its back (triggers disabled by the superuser)', () => {
    const tamper = async (db: any, sql: string) => {
      await db.query(`ALTER TABLE audit_log DISABLE TRIGGER ALL`);
      await db.query(sql);
      await db.query(`ALTER TABLE audit_log ENABLE TRIGGER ALL`);
    };

    it("fails the subject's verification and the full check, naming the altered row", async () => {
      const { db, log } = await fresh();
      await seed(log);
      await tamper(db, `UPDATE audit_log SET fields = '{medical.insuranceType}' WHERE seq = 1`);
      expect(await log.trail(ELDER, null)).toMatchObject({
        verified: false,
        broken: [{ seq: '1', reason: 'its content does not match its hash' }],
      });
      expect((await log.trail(WORKER, null)).verified).toBe(true);
      expect(await log.verifyChain()).toEqual({
        verified: false,
        checked: 0,
        broken: { seq: '1', reason: 'its content does not match its hash' },
      });
    });

    it('finds a row altered with its hash recomputed: the row after it no longer follows', async () => {
      const { db, log } = await fresh();
      await seed(log);
      const [row] = await db.query(`SELECT * FROM audit_log WHERE seq = 1`);
      const forged = chainHash(row.prev_hash, auditContent({ ...entryOf(row), actor: 'someone else' }));
      await tamper(db, `UPDATE audit_log SET actor = 'someone else', hash = '${forged}' WHERE seq = 1`);
      expect(await log.trail(ELDER, null)).toMatchObject({
        verified: false,
        broken: [{ seq: '1', reason: 'the row after it does not follow its hash' }],
      });
      expect(await log.verifyChain()).toMatchObject({
        verified: false,
        broken: { seq: '2', reason: 'its prev_hash does not match the row before it' },
      });
    });

    it('finds a deleted row from its neighbours and in the full check', async () => {
      const { db, log } = await fresh();
      await seed(log);
      await tamper(db, `DELETE FROM audit_log WHERE seq = 2`);
      expect(await log.trail(ELDER, null)).toMatchObject({
        verified: false,
        broken: [{ seq: '1', reason: 'row 2 after it is missing' }],
      });
      expect(await log.verifyChain()).toEqual({
        verified: false,
        checked: 1,
        broken: { seq: '3', reason: 'rows 2 to 2 are missing' },
      });
    });
  });
});
