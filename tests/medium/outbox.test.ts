/**
 * The outbox against a real PostgreSQL, no server: a kind its receiver takes in batches goes in one
 * call per pass, a message the receiver refuses waits alone for its retry while the others are
 * delivered, and a receiver that cannot be asked leaves every message waiting.
 */
import { Database, openDatabase } from '../../shared/database';
import { Department } from '../../shared/departments';
import { configureLogging } from '../../shared/logging';
import { Outbox, Outbox1764000000910, type OutboxMessage } from '../../shared/outbox';
import { dropTestDatabase, testDatabaseTarget } from '../helpers/databases';

describe('outbox (medium: a real database)', () => {
  const target = testDatabaseTarget(Department.CHARITY);
  let database: Database;
  beforeAll(async () => {
    configureLogging('medium', 'error', false);
    database = await openDatabase({
      target,
      name: 'outbox',
      entities: [],
      migrations: [Outbox1764000000910],
    });
  });
  afterAll(async () => {
    await database?.close();
    await dropTestDatabase(target);
  });

  const db = () => database.dataSource;
  const add = async (outbox: Outbox, kind: string, payload: unknown) =>
    db().transaction((tx) => outbox.add(tx, kind, payload));
  const state = async (id: string) =>
    (
      await db().query(
        `SELECT delivered_at IS NOT NULL AS delivered, attempts, last_error, next_attempt_at > now() AS waiting
         FROM outbox WHERE id = $1`,
        [id],
      )
    )[0];
  beforeEach(() => db().query(`DELETE FROM outbox`));

  it('delivers a batched kind in one call, and the refused message alone waits for its retry', async () => {
    const batches: OutboxMessage[][] = [];
    const single: OutboxMessage[] = [];
    const outbox = new Outbox(db(), async (message) => void single.push(message), {
      FACTS: async (messages) => {
        batches.push(messages);
        return messages.map((m) => (m.payload.n === 2 ? new Error('idNumber: not valid') : undefined));
      },
    });
    const ids = [];
    for (const n of [1, 2, 3]) ids.push(await add(outbox, 'FACTS', { n }));
    const other = await add(outbox, 'PUSH', { n: 4 });

    expect(await outbox.drain()).toBe(3);
    expect(batches.map((b) => b.map((m) => m.payload.n))).toEqual([[1, 2, 3]]);
    expect(single.map((m) => m.payload.n)).toEqual([4]);
    expect(await state(ids[0])).toMatchObject({ delivered: true, attempts: 1, last_error: null });
    expect(await state(ids[2])).toMatchObject({ delivered: true, attempts: 1 });
    expect(await state(other)).toMatchObject({ delivered: true });
    expect(await state(ids[1])).toMatchObject({ delivered: false, attempts: 1, waiting: true });
    expect((await state(ids[1])).last_error).toMatch(/idNumber: not valid/);
    expect(await outbox.pending()).toBe(1);

    // nothing else is due until its back-off has passed
    expect(await outbox.drain()).toBe(0);
    expect(batches).toHaveLength(1);
  });

  it('leaves every message of the batch waiting when the receiver cannot be asked', async () => {
    let calls = 0;
    const outbox = new Outbox(db(), async () => undefined, {
      FACTS: async () => {
        calls++;
        throw new Error('CIVIL_AFFAIRS unavailable');
      },
    });
    const ids = [];
    for (const n of [1, 2, 3]) ids.push(await add(outbox, 'FACTS', { n }));
    expect(await outbox.drain()).toBe(0);
    expect(calls).toBe(1);
    for (const id of ids) {
      const s = await state(id);
      expect(s).toMatchObject({ delivered: false, attempts: 1, waiting: true });
      expect(s.last_error).toMatch(/CIVIL_AFFAIRS unavailable/);
    }
    // due again: the second failure waits twice as long (2 s), each message by its own attempts
    await db().query(`UPDATE outbox SET next_attempt_at = now()`);
    expect(await outbox.drain()).toBe(0);
    expect(calls).toBe(2);
    const [{ attempts, wait }] = await db().query(
      `SELECT max(attempts) AS attempts, max(extract(epoch FROM next_attempt_at - now()))::float8 AS wait FROM outbox`,
    );
    expect(attempts).toBe(2);
    expect(wait).toBeGreaterThan(1);
    expect(wait).toBeLessThanOrEqual(2);
  });

  it('flushes a backlog larger than one pass in calls of 50, while the passes come back full', async () => {
    const sizes: number[] = [];
    const outbox = new Outbox(db(), async () => undefined, {
      FACTS: async (messages) => {
        sizes.push(messages.length);
        return messages.map(() => undefined);
      },
    });
    await db().transaction(async (tx) => {
      for (let n = 0; n < 120; n++) await outbox.add(tx, 'FACTS', { n });
    });
    await outbox.flush('FACTS', 10_000);
    expect(sizes).toEqual([50, 50, 20]);
    expect(await outbox.pending()).toBe(0);
  });

  it('waits for a running pass, then makes its own, so a message committed meanwhile is delivered', async () => {
    let entered!: () => void;
    let release!: () => void;
    const started = new Promise<void>((resolve) => (entered = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    const delivered: number[] = [];
    const outbox = new Outbox(db(), async (message) => {
      if (message.payload.n === 1) {
        entered();
        await held;
      }
      delivered.push(message.payload.n);
    });
    await add(outbox, 'PUSH', { n: 1 });
    const first = outbox.drain();
    // the first pass has chosen its messages and is delivering the one it found
    await started;
    await add(outbox, 'PUSH', { n: 2 });
    const second = outbox.drain();
    release();
    expect(await first).toBe(1);
    expect(await second).toBe(1);
    expect(delivered).toEqual([1, 2]);
  });
});
