import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'graphql';
import type { GatewayContext } from '../../gateway/src/context';
import { reportTimeoutPlugin } from '../../gateway/src/reports';
import { subgraphFetch } from '../../gateway/src/subgraph-http';

describe("the gateway's HTTP client for subgraphs", () => {
  const sockets = new Set<string>();
  const server = http.createServer((req, res) => {
    sockets.add(`${req.socket.remotePort}`);
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url === '/slow') return; // never answers
      if (req.url === '/late') return void setTimeout(() => res.end('{}'), 600); // answers after 0.6 s
      res.writeHead(req.url === '/refused' ? 401 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, got: JSON.parse(body), auth: req.headers.authorization }));
    });
  });
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('posts the body and headers, answers as a fetch Response does, and keeps the connection', async () => {
    const send = subgraphFetch(`${url}/graphql`, 2000);
    sockets.clear();
    for (let i = 0; i < 3; i++) {
      const res = await send(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
        body: JSON.stringify({ query: '{ a }', n: i, name: '名字' }),
      });
      expect(res.ok).toBe(true);
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('application/json');
      expect(await res.json()).toEqual({
        method: 'POST',
        got: { query: '{ a }', n: i, name: '名字' },
        auth: 'Bearer x',
      });
    }
    expect(sockets.size).toBe(1);
  });

  it('passes a refusal on with its status and body', async () => {
    const send = subgraphFetch(`${url}/refused`, 2000);
    const res = await send(`${url}/refused`, { headers: {}, body: '{}' });
    expect({ ok: res.ok, status: res.status, statusText: res.statusText }).toEqual({
      ok: false,
      status: 401,
      statusText: 'Unauthorized',
    });
    expect(JSON.parse(await res.text())).toMatchObject({ got: {} });
  });

  it('gives up on a subgraph that does not answer in time, saying timeout', async () => {
    const send = subgraphFetch(`${url}/slow`, 300);
    const started = Date.now();
    await expect(send(`${url}/slow`, { headers: {}, body: '{}' })).rejects.toThrow(/timeout/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("waits as long as the request's own time limit says, when it has one (a report page)", async () => {
    const send = subgraphFetch(`${url}/late`, 300);
    await expect(send(`${url}/late`, { headers: {}, body: '{}' })).rejects.toThrow(/timeout/);
    const res = await send(`${url}/late`, { headers: {}, body: '{}', timeoutMs: 5000 });
    expect(res.status).toBe(200);
  });

  it('gives the requests of an operation that reads a monthly table the report time limit, and no other', async () => {
    const plugin = reportTimeoutPlugin(60_000);
    const limitOf = async (query: string) => {
      const contextValue = {} as GatewayContext;
      const listener: any = await plugin.requestDidStart!({} as any);
      const operation = parse(query).definitions[0];
      await listener.didResolveOperation({ operation, contextValue });
      return contextValue.subgraphTimeoutMs;
    };
    expect(
      await limitOf(
        `query R { monthlyReport(table: "qingpu-1", regionCode: "310118", month: "2026-11") { generatedAt } }`,
      ),
    ).toBe(60_000);
    expect(await limitOf(`query L { subjectByIdNumber(idNumber: "x") { name } }`)).toBeUndefined();
  });

  it('fails as unreachable when nothing listens', async () => {
    const send = subgraphFetch('http://127.0.0.1:9/graphql', 2000);
    await expect(send('http://127.0.0.1:9/graphql', { headers: {}, body: '{}' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});
