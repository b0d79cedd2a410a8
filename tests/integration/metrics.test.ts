import type { Client } from 'graphql-ws';
import { Role, signToken } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { buildSubject, rng } from '../fixtures/factories';
import { contractOperations } from '../helpers/contract';
import { AUTH, TestSystem, startSystem } from '../helpers/system';
import { subscribe, wsClient } from '../helpers/ws';

const LOOKUP = contractOperations().find((o) => o.name === 'CrossLineLookup')!.document;
const URGENT_CASES = contractOperations().find((o) => o.name === 'UrgentCases')!.document;
const METRICS_TOKEN = 'metrics-scraper-token-for-the-tests-0123456789';

/** The value of the sample `name` whose labels include `labels`, or undefined when there is none. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics on the gateway and the subgraphs', () => {
  let system: TestSystem;
  const person = buildSubject(rng(14), '330381101009');
  const metricsUrl = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '/metrics');
  const scrape = async (graphqlUrl: string) => {
    const res = await fetch(metricsUrl(graphqlUrl), {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    return res.text();
  };

  beforeAll(async () => {
    system = await startSystem({ env: { OUTBOX_INTERVAL_MS: '3600000', METRICS_TOKEN } });
    await system.as(Department.CIVIL_AFFAIRS)(
      `mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`,
      {
        i: person,
      },
    );
    const { errors } = await system.as(Department.CIVIL_AFFAIRS, Role.WINDOW, '330381')(
      LOOKUP,
      { idNumber: person.idNumber },
      'CrossLineLookup',
    );
    expect(errors).toBeUndefined();
  });
  afterAll(() => system?.close());

  it("counts the gateway's lookup under its operation name, with its latency", async () => {
    const text = await scrape(system.gatewayUrl);
    const labels = { service: 'gateway', operation: 'CrossLineLookup' };
    expect(sample(text, 'graphql_requests_total', { ...labels, status: 'ok' })).toBe(1);
    expect(sample(text, 'graphql_request_duration_seconds_count', labels)).toBe(1);
    expect(sample(text, 'graphql_request_duration_seconds_sum', labels)).toBeGreaterThan(0);
  });

  it("times the gateway's fetches from each department's subgraph", async () => {
    const text = await scrape(system.gatewayUrl);
    const fetches = (department: Department) =>
      sample(text, 'gateway_subgraph_fetch_duration_seconds_count', { department, outcome: 'ok' }) ?? 0;
    // CrossLineLookup's plan reads civil affairs, then all four partners
    for (const department of Object.values(Department))
      expect({ department, fetched: fetches(department) > 0 }).toEqual({ department, fetched: true });
    expect(text).not.toMatch(/^gateway_subgraph_fetch_failures_total\{/m);
    expect(sample(text, 'gateway_websocket_connections', {})).toBe(0);
  });

  it("counts civil affairs' share of the lookup, its DataLoader batches, pool and outbox", async () => {
    const text = await scrape(system.subgraphs.CIVIL_AFFAIRS.url);
    const service = { service: 'civil-affairs' };
    expect(text).toMatch(/graphql_requests_total\{[^}]*operation="CrossLineLookup__civil_affairs__\d+"/);
    expect(sample(text, 'dataloader_batch_size_count', service)).toBeGreaterThan(0);
    expect(sample(text, 'db_pool_connections', { ...service, state: 'max' })).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^# TYPE outbox_pending_messages gauge$/m);
    expect(sample(text, 'process_cpu_user_seconds_total', service)).toBeGreaterThan(0);
  });

  it("measures the event feed's lag from an event being written to the gateway passing it on", async () => {
    const lagged = async () =>
      sample(await scrape(system.gatewayUrl), 'gateway_event_feed_lag_seconds_count', {
        service: 'gateway',
      }) ?? 0;
    const before = await lagged();
    const { errors } = await system.as(Department.CIVIL_AFFAIRS)(
      `mutation($i: UrgentCaseInput!) { reportUrgentCase(input: $i) { id } }`,
      {
        i: {
          idNumber: person.idNumber,
          kind: 'FIRE',
          occurredAt: new Date().toISOString(),
          description: '住房失火',
        },
      },
    );
    expect(errors).toBeUndefined();
    const deadline = Date.now() + 10_000;
    while ((await lagged()) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const text = await scrape(system.gatewayUrl);
    expect(sample(text, 'gateway_event_feed_lag_seconds_count', {})).toBe(before + 1);
    // written and passed on within the long poll's wake-up, not its 20 s timeout
    expect(sample(text, 'gateway_event_feed_lag_seconds_sum', {})).toBeLessThan(5);
  });

  it('counts errors by their code', async () => {
    await system.as(Department.DISABILITY, Role.STAFF, '330381')(
      `mutation Forbidden($i: SubjectInput!) { registerSubject(input: $i) { id } }`,
      { i: buildSubject(rng(15), '330381101009') },
      'Forbidden',
    );
    const text = await scrape(system.gatewayUrl);
    expect(sample(text, 'graphql_requests_total', { operation: 'Forbidden', status: 'error' })).toBe(1);
    expect(sample(text, 'graphql_errors_total', { operation: 'Forbidden', code: 'FORBIDDEN' })).toBe(1);
  });

  it('refuses a scrape without the metrics token, telling nothing', async () => {
    for (const url of [system.gatewayUrl, system.subgraphs.CIVIL_AFFAIRS.url])
      for (const authorization of [undefined, 'Bearer wrong-token', `Bearer ${METRICS_TOKEN}x`]) {
        const res = await fetch(metricsUrl(url), { headers: authorization ? { authorization } : {} });
        expect({ url, authorization, status: res.status, body: await res.text() }).toEqual({
          url,
          authorization,
          status: 401,
          body: '',
        });
      }
  });

  it('serves no /metrics at all when no token is configured', async () => {
    const plain = await startSystem({ departments: [Department.CIVIL_AFFAIRS] });
    try {
      for (const url of [plain.gatewayUrl, plain.subgraphs.CIVIL_AFFAIRS.url]) {
        const res = await fetch(metricsUrl(url));
        expect(res.status).toBe(404);
        expect(await res.text()).not.toMatch(/graphql_|process_/);
      }
    } finally {
      await plain.close();
    }
  });

  it('runs one payload query per event for all the dashboards of one user and scope, and one per user: each read is audited as its reader’s', async () => {
    const clients: Client[] = [];
    const as = async (user: string, role: Role) => {
      const client = wsClient(
        system.gatewayUrl,
        await signToken({ user, department: Department.CIVIL_AFFAIRS, role, region: '330381' }, AUTH),
      );
      clients.push(client);
      return subscribe(client, URGENT_CASES, { regionCode: '330381', after: null }, 'UrgentCases');
    };
    const payloadQueries = async () =>
      sample(await scrape(system.gatewayUrl), 'graphql_requests_total', {
        service: 'gateway',
        operation: 'SubscriptionPayload',
        status: 'ok',
      }) ?? 0;
    try {
      // one user's wall screens share their payload; another user of the same scope has their own (the
      // departments audit each read under the user the gateway vouches for); another role its own too
      const dashboards = await Promise.all(
        ['wall-1', 'wall-1', 'wall-1', 'wall-2'].map((u) => as(u, Role.DASHBOARD)),
      );
      const staff = await as('duty-officer', Role.STAFF);
      await new Promise((resolve) => setTimeout(resolve, 700));
      const before = await payloadQueries();
      const { data, errors } = await system.as(
        Department.CIVIL_AFFAIRS,
        Role.STAFF,
        '330381',
      )(`mutation($i: UrgentCaseInput!) { reportUrgentCase(input: $i) { id } }`, {
        i: { idNumber: person.idNumber, kind: 'FIRE', occurredAt: new Date().toISOString() },
      });
      expect(errors).toBeUndefined();
      for (const s of [...dashboards, staff])
        expect((await s.waitFor(1))[0].urgentCaseReported.case.id).toBe(data.reportUrgentCase.id);
      expect((await payloadQueries()) - before).toBe(3);
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
    }
  });
});
