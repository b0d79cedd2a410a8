/**
 * The gateway's HTTP client for its subgraph requests: node:http (or https) over one keep-alive
 * agent per subgraph, the body read whole into one buffer, and an answer shaped as the little of a
 * fetch Response that @apollo/gateway's RemoteGraphQLDataSource reads (ok, status, statusText,
 * url, headers.get, json, text). Node's fetch (undici) built Web streams, a Request and a Response
 * for each of the six requests of a lookup; this is a fraction of that CPU (bench/cpu.ts).
 * A request past `timeoutMs` is abandoned with an error whose message says "timeout", which the
 * data source turns into DEPARTMENT_UNAVAILABLE.
 */
import http, { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';

/** sockets kept open to each subgraph; more requests wait for one (32 clients, 6 fetches each) */
const SOCKETS_PER_SUBGRAPH = 64;
/** an idle kept-alive socket is closed after this long: below the subgraphs' keepAliveTimeout (5 s) */
const IDLE_SOCKET_MS = 4000;

export interface SubgraphRequestInit {
  method?: string;
  headers: Record<string, string>;
  body?: string;
  /** this request's time limit, when not the subgraph's */
  timeoutMs?: number;
}

class SubgraphResponse {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null; has(name: string): boolean };
  readonly bodyUsed = false;
  readonly redirected = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    raw: IncomingHttpHeaders,
    private readonly body: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = {
      get: (name) => {
        const value = raw[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
      has: (name) => raw[name.toLowerCase()] !== undefined,
    };
  }

  async text(): Promise<string> {
    return this.body.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body.toString('utf8'));
  }
}

export type SubgraphFetch = (url: string, init: SubgraphRequestInit) => Promise<SubgraphResponse>;

/** A fetch for one subgraph's URL, with its own pool of kept-alive connections. */
export function subgraphFetch(url: string, timeoutMs: number): SubgraphFetch {
  const secure = new URL(url).protocol === 'https:';
  // an idle connection is closed here before the subgraph's server would close it (Node's
  // keepAliveTimeout, 5 s), so a request is never written to a socket the other end is closing
  const options = { keepAlive: true, maxSockets: SOCKETS_PER_SUBGRAPH, timeout: IDLE_SOCKET_MS };
  const agent = secure ? new https.Agent(options) : new http.Agent(options);
  // looked up per call: tracing (shared/tracing.ts) patches http.request after this module loads
  const client = secure ? https : http;
  return (target, init) =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...init.headers };
      if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
      const req = client.request(target, { method: init.method ?? 'POST', headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          resolve(
            new SubgraphResponse(
              target,
              res.statusCode ?? 0,
              res.statusMessage ?? '',
              res.headers,
              chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
            ),
          );
        });
      });
      const limit = init.timeoutMs ?? timeoutMs;
      const timer = setTimeout(() => req.destroy(new Error(`timeout: no answer within ${limit} ms`)), limit);
      function fail(error: Error) {
        clearTimeout(timer);
        reject(error);
      }
      req.on('error', fail);
      req.end(init.body);
    });
}
