/**
 * One embedded PostgreSQL (PGlite) served on a loopback port over the PostgreSQL wire protocol, so
 * that a department reaches it with the same `pg` driver and SQL as a real server. A department
 * opens its own when it runs alone (tests, one subgraph); `npm start` serves all five from its
 * supervisor (shared/pglite-host.ts).
 *
 * PGlite is one PostgreSQL session, so its connections take turns: a connection whose transaction
 * is open keeps its turn until the transaction ends, and one that goes away mid-transaction has it
 * rolled back. Everything a connection has sent that is complete goes to PGlite in one call, and its
 * answer back in one write. (pglite-socket, which this replaces, made a call and a socket write per
 * protocol message: a parameterised statement was five of each. Measured on a first `npm start`,
 * the writes alone were 7.7 s of civil affairs' database thread, a third of it.)
 */
import net from 'node:net';
import { PGlite } from '@electric-sql/pglite';

/**
 * PGlite's start-up settings: its own defaults (single-user, no parallel workers) with smaller
 * buffers. The defaults size a server (shared_buffers 128 MB, maintenance_work_mem 64 MB), and in
 * WebAssembly memory that is touched is never given back: with five departments on one laptop that
 * was most of `npm start`'s memory. A department's working set is a few MB of pages.
 */
export const PGLITE_START_PARAMS = [
  ...(PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams,
  ...['shared_buffers=16MB', 'maintenance_work_mem=16MB', 'temp_buffers=2MB', 'wal_buffers=1MB'].flatMap(
    (setting) => ['-c', setting],
  ),
];

export interface ServedPGlite {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Opens PGlite (a directory, or memory) and serves it on a loopback port to `maxConnections`.
 * `wasmModule` is PostgreSQL's WebAssembly already compiled (shared between instances).
 */
export async function servePGlite(
  dataDir: string | null,
  maxConnections: number,
  wasmModule?: WebAssembly.Module,
  port = 0,
): Promise<ServedPGlite> {
  const db = await PGlite.create(dataDir ?? undefined, {
    startParams: PGLITE_START_PARAMS,
    ...(wasmModule ? { pgliteWasmModule: wasmModule } : {}),
  });
  const turns = new Turns(db);
  const sockets = new Set<net.Socket>();
  let sessions = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    if (sessions >= maxConnections) {
      socket.end(fatal('53300', `too many connections (at most ${maxConnections})`));
      return;
    }
    sessions++;
    socket.once('close', () => sessions--);
    new Session(socket, turns);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await db.close();
    throw e;
  }
  const served = (server.address() as net.AddressInfo).port;
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${served}/postgres`,
    port: served,
    async stop() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
      await turns.idle();
      await db.close();
    },
  };
}

// the wire protocol's messages before start-up, told apart by the code after their length
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const TERMINATE = 0x58; // 'X'

/** one client connection: splits what it sends into protocol messages and gives them to PGlite */
class Session {
  private buffer = Buffer.alloc(0);
  private started = false;
  private busy = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly turns: Turns,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (data) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
      void this.drain();
    });
    socket.on('error', () => socket.destroy());
    socket.once('close', () => void turns.release(this));
  }

  /** sends what is complete, one batch at a time (a batch's answer before the next is read) */
  private async drain() {
    if (this.busy) return;
    this.busy = true;
    try {
      for (;;) {
        const { batch, terminate } = this.started
          ? this.messages()
          : { batch: this.startup(), terminate: false };
        if (!batch) return;
        const answer = batch.length ? await this.turns.run(this, batch) : Buffer.alloc(0);
        if (this.socket.destroyed) return;
        if (terminate) return void this.socket.end(answer);
        if (answer.length) this.socket.write(answer);
      }
    } catch {
      this.socket.destroy();
    } finally {
      this.busy = false;
    }
  }

  /**
   * The start-up packet (answered by PGlite), or an SSL or GSS encryption request (declined),
   * or a cancel request (not supported: the connection is closed). Null while incomplete.
   */
  private startup(): Buffer | null {
    if (this.buffer.length < 8) return null;
    const length = this.buffer.readInt32BE(0);
    if (this.buffer.length < length) return null;
    const packet = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    const code = packet.readInt32BE(4);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      this.socket.write('N');
      return Buffer.alloc(0);
    }
    if (code === CANCEL_REQUEST) {
      this.socket.end();
      return null;
    }
    this.started = true;
    return Buffer.from(packet);
  }

  /**
   * Every complete message at the head of the buffer, as one batch (null when none is). Terminate
   * is not given to PGlite (its one session would end): the connection closes after what came before.
   */
  private messages(): { batch: Buffer | null; terminate: boolean } {
    let end = 0;
    let terminate = false;
    while (end + 5 <= this.buffer.length) {
      if (this.buffer[end] === TERMINATE) {
        terminate = true;
        break;
      }
      const size = 1 + this.buffer.readInt32BE(end + 1);
      if (end + size > this.buffer.length) break;
      end += size;
    }
    if (!end && !terminate) return { batch: null, terminate };
    const batch = Buffer.from(this.buffer.subarray(0, end));
    this.buffer = terminate ? Buffer.alloc(0) : this.buffer.subarray(end);
    return { batch, terminate };
  }
}

interface Turn {
  session: Session;
  messages: Buffer;
  resolve(answer: Buffer): void;
  reject(e: unknown): void;
}

/** the connections' turns at PGlite's one session; an open transaction keeps its connection's turn */
class Turns {
  private queue: Turn[] = [];
  /** the connection whose transaction is open */
  private holder: Session | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly db: PGlite) {}

  run(session: Session, messages: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.queue.push({ session, messages, resolve, reject });
      this.pump();
    });
  }

  /** a connection gone: its waiting turns are dropped and its open transaction rolled back */
  async release(session: Session) {
    this.queue = this.queue.filter((turn) => {
      if (turn.session !== session) return true;
      turn.reject(new Error('connection closed'));
      return false;
    });
    await this.running;
    if (this.holder === session) {
      this.holder = null;
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => undefined);
    }
    this.pump();
  }

  async idle() {
    await this.running;
  }

  private pump() {
    if (this.running) return;
    const next = this.queue.findIndex((turn) => !this.holder || turn.session === this.holder);
    if (next < 0) return;
    const [turn] = this.queue.splice(next, 1);
    this.running = this.take(turn).finally(() => {
      this.running = null;
      this.pump();
    });
  }

  private async take(turn: Turn) {
    const chunks: Buffer[] = [];
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(turn.messages, {
          // a view of PGlite's memory, reused by the next call: copied
          onRawData: (chunk: Uint8Array) => chunks.push(Buffer.from(chunk)),
        }),
      );
      this.holder = this.db.isInTransaction() ? turn.session : null;
      turn.resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    } catch (e) {
      turn.reject(e);
    }
  }
}

/** an ErrorResponse of severity FATAL */
function fatal(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`);
  const head = Buffer.alloc(5);
  head.write('E');
  head.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([head, fields]);
}
