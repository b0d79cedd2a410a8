/**
 * The wire server in front of an embedded database (shared/pglite-server.ts): PGlite is one session,
 * so connections take turns. An open transaction keeps its connection's turn, a connection that goes
 * away mid-transaction has it rolled back, a connection over the limit is refused with PostgreSQL's
 * own error, and pipelined statements (several sent before any answer) are answered in order.
 */
import net from 'node:net';
import { Client } from 'pg';
import { ServedPGlite, servePGlite } from '../../shared/pglite-server';

describe('embedded database wire server (medium)', () => {
  let served: ServedPGlite;
  const clients: Client[] = [];
  const connect = async () => {
    const client = new Client({ connectionString: served.url });
    client.on('error', () => undefined);
    await client.connect();
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    served = await servePGlite(null, 3);
    const setup = await connect();
    await setup.query(`CREATE TABLE marks (id int PRIMARY KEY, note text)`);
    await setup.end();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
  });
  afterAll(() => served.stop());

  it("keeps an open transaction's turn: another connection's statement waits for its commit", async () => {
    const [a, b] = [await connect(), await connect()];
    await a.query('BEGIN');
    await a.query(`INSERT INTO marks VALUES (1, 'a')`);
    const order: string[] = [];
    const reading = b.query(`SELECT count(*)::int AS n FROM marks`).then((r) => {
      order.push('b read');
      return r.rows[0].n;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // b's statement did not run inside a's transaction (it would have seen the uncommitted row)
    order.push('a commits');
    await a.query(`INSERT INTO marks VALUES (2, 'a')`);
    await a.query('COMMIT');
    expect(await reading).toBe(2);
    expect(order).toEqual(['a commits', 'b read']);
  });

  it('rolls back the transaction of a connection that goes away, and serves the others after it', async () => {
    const a = await connect();
    const b = await connect();
    await a.query('BEGIN');
    await a.query(`INSERT INTO marks VALUES (10, 'lost')`);
    const waiting = b.query(`SELECT count(*)::int AS n FROM marks WHERE id = 10`);
    (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await waiting).rows[0].n).toBe(0);
    const c = await connect();
    expect((await c.query(`SELECT count(*)::int AS n FROM marks WHERE id = 10`)).rows[0].n).toBe(0);
  });

  it('refuses a connection over the limit with too_many_connections', async () => {
    await Promise.all([connect(), connect(), connect()]);
    const extra = new Client({ connectionString: served.url });
    extra.on('error', () => undefined);
    await expect(extra.connect()).rejects.toMatchObject({ code: '53300' });
  });

  it('answers statements sent together in order, an error ending only its own, and closes on Terminate', async () => {
    const socket = net.connect(served.port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (d) => received.push(d));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await new Promise((resolve) => socket.once('connect', resolve));
    const startup = Buffer.from('\0\0\0\0\0\x03\0\0user\0postgres\0database\0postgres\0\0', 'binary');
    startup.writeInt32BE(startup.length, 0);
    socket.write(startup);
    await until(() => messages(Buffer.concat(received)).some((m) => m.type === 'Z'));
    received.length = 0;
    // three simple queries and Terminate in one write: the second fails, the third still runs
    socket.write(
      Buffer.concat([
        query(`SELECT 'first' AS a`),
        query(`SELECT 1/0`),
        query(`SELECT 'third' AS a`),
        Buffer.from([0x58, 0, 0, 0, 4]),
      ]),
    );
    await closed;
    const answer = messages(Buffer.concat(received));
    const rows = answer.filter((m) => m.type === 'D').map((m) => m.body.subarray(6).toString());
    expect(rows).toEqual(['first', 'third']);
    expect(answer.filter((m) => m.type === 'E')).toHaveLength(1);
    expect(answer.filter((m) => m.type === 'Z')).toHaveLength(3);
    // the one session is still there for the others
    const a = await connect();
    expect((await a.query(`SELECT 1 AS one`)).rows).toEqual([{ one: 1 }]);
  });

  it('serves a result larger than one buffer of PGlite whole', async () => {
    const a = await connect();
    const { rows } = await a.query(`SELECT repeat('x', 1000) AS pad, g FROM generate_series(1, 5000) g`);
    expect(rows).toHaveLength(5000);
    expect(rows[4999]).toEqual({ pad: 'x'.repeat(1000), g: 5000 });
  });
});

function query(sql: string): Buffer {
  const text = Buffer.from(`${sql}\0`);
  const head = Buffer.alloc(5);
  head.write('Q');
  head.writeInt32BE(4 + text.length, 1);
  return Buffer.concat([head, text]);
}

/** the backend messages in a byte stream */
function messages(data: Buffer): Array<{ type: string; body: Buffer }> {
  const found: Array<{ type: string; body: Buffer }> = [];
  for (let at = 0; at + 5 <= data.length;) {
    const size = data.readInt32BE(at + 1);
    found.push({ type: String.fromCharCode(data[at]), body: data.subarray(at + 5, at + 1 + size) });
    at += 1 + size;
  }
  return found;
}

async function until(done: () => boolean) {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
}
