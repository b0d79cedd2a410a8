/**
 * The gateway's abuse limits (README "Abuse limits"), against the whole system in-process: operation
 * limits, body size, rate limit, WebSocket limits, introspection, and what errors and /readyz may say.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { GraphQLSchema, buildSchema, parse, validate } from 'graphql';
import WebSocket from 'ws';
import { Role, signToken } from '../../shared/auth';
import { DEVELOPMENT_AUTH } from '../../shared/config';
import { DEPARTMENTS, Department } from '../../shared/departments';
import { createGraphQLService, introspectionAllowed } from '../../shared/http';
import { loadGatewayConfig, loadGatewayLimits } from '../../gateway/src/config';
import { SUPERGRAPH_FILE } from '../../gateway/src/compose';
import { operationLimitRules, operationParseOptions } from '../../gateway/src/limits';
import { createGatewayServer } from '../../gateway/src/server';
import { TOKEN_EXPIRED } from '../../gateway/src/websocket';
import { buildSubject, rng } from '../fixtures/factories';
import { contractOperations } from '../helpers/contract';
import { AUTH, TestSystem, post, startSystem, token } from '../helpers/system';
import { subscribe, wsClient } from '../helpers/ws';

const DEFAULTS = loadGatewayLimits({});
const REGISTER = (n: number, selection = 'id') =>
  `mutation(${Array.from({ length: n }, (_, i) => `$i${i}: SubjectInput!`).join(', ')}) {
    ${Array.from({ length: n }, (_, i) => `m${i}: registerSubject(input: $i${i}) { ${selection} }`).join('\n')}
  }`;
const LOOKUP = `subjectByIdNumber(idNumber: $id) {
  id idNumber name sex birthDate region { code name level } household { size monthlyIncomePerCapita }
  assistance { category status since until } tier disability { certificateNumber category grade }
  tradeUnion { member difficultWorker { level since reason } } medical { insuranceType majorIllness outOfPocketLast12Months }
  charity { activeMatches { resource { id name } status } }
  eligibility { program { id name department } eligible enrolled reasons } }`;

describe('the limits every contract operation passes', () => {
  it('lets every operation of the contract through the default limits', () => {
    // the limit rules read the document alone, so operations whose schema is pending are measured too
    const schema: GraphQLSchema = buildSchema('type Query { ok: Boolean }');
    const operations = contractOperations();
    expect(operations.length).toBeGreaterThan(20);
    for (const op of operations) {
      const document = parse(op.document, operationParseOptions(DEFAULTS.operation));
      expect({
        op: op.name,
        errors: validate(schema, document, operationLimitRules(DEFAULTS.operation)),
      }).toEqual({ op: op.name, errors: [] });
    }
  });

  it('takes the body of the largest policy pack a publisher sends, with room to spare', () => {
    const packs = ['fuzhou-2018', 'hangtou-2022', 'qianjiang-2022', 'qingpu-2024', 'ruian-2021'].map((k) =>
      JSON.parse(readFileSync(`${__dirname}/../../subgraphs/civil-affairs/policy-packs/${k}.json`, 'utf8')),
    );
    const body = (document: unknown) =>
      Buffer.byteLength(
        JSON.stringify({
          query: 'mutation($d: JSONObject!) { publishPolicyPack(document: $d) { version } }',
          variables: { d: document },
        }),
      );
    expect(Math.max(...packs.map(body)) * 10).toBeLessThan(DEFAULTS.maxBodyBytes);
  });
});

describe('abuse limits at the gateway', () => {
  let system: TestSystem;
  let civil: ReturnType<TestSystem['as']>;
  const r = rng(41);

  beforeAll(async () => {
    system = await startSystem({
      env: { OUTBOX_INTERVAL_MS: '3600000', WS_MAX_SUBSCRIPTIONS: '3', SUBSCRIPTION_REPLAY_LIMIT: '2' },
    });
    civil = system.as(Department.CIVIL_AFFAIRS);
  });
  afterAll(() => system?.close());

  const registered = async (idNumbers: string[]) =>
    (
      await civil(`query($ids: [String!]!) { subjectsByIdNumbers(idNumbers: $ids) { id } }`, {
        ids: idNumbers,
      })
    ).data.subjectsByIdNumbers;

  describe('operation limits', () => {
    it('refuses an alias bomb as a validation error naming the limit, and writes nothing', async () => {
      const people = Array.from({ length: DEFAULTS.operation.aliases + 1 }, () =>
        buildSubject(r, '330381101009'),
      );
      const res = await civil(
        REGISTER(people.length),
        Object.fromEntries(people.map((p, i) => [`i${i}`, p])),
      );
      expect(res.status).toBe(400);
      expect(res.errors![0]).toMatchObject({
        message: expect.stringMatching(/Aliases limit of 30 exceeded/),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'aliases' },
      });
      expect(res.errors![0].extensions!.stacktrace).toBeUndefined();
      expect(await registered(people.map((p) => p.idNumber))).toEqual(people.map(() => null));
    });

    it('refuses nesting deeper than the limit', async () => {
      const deep = `{ region(code: "330381101009") { ${'parent { '.repeat(13)}code${' }'.repeat(13)} } }`;
      const res = await civil(deep);
      expect(res.status).toBe(400);
      expect(res.errors![0]).toMatchObject({
        message: expect.stringMatching(/depth limit of 12 exceeded/),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth' },
      });
      const shallow = await civil(`{ region(code: "330381101009") { parent { parent { code } } } }`);
      expect(shallow.data.region.parent.parent.code).toBe('330381');
    });

    it('refuses a directive flood, and writes nothing', async () => {
      const person = buildSubject(r, '330381101009');
      const flood = Array.from({ length: 21 }, (_, i) => `f${i}: id @include(if: true)`).join(' ');
      const res = await civil(`mutation($i: SubjectInput!) { registerSubject(input: $i) { ${flood} } }`, {
        i: person,
      });
      expect(res.status).toBe(400);
      expect(res.errors![0]).toMatchObject({
        message: expect.stringMatching(/Directives limit of 20 exceeded/),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'directives' },
      });
      expect(await registered([person.idNumber])).toEqual([null]);
    });

    it('refuses a token flood before parsing it all, and writes nothing', async () => {
      const person = buildSubject(r, '330381101009');
      const padding = '__typename '.repeat(DEFAULTS.operation.tokens);
      const res = await civil(
        `mutation($i: SubjectInput!) { registerSubject(input: $i) { id ${padding} } }`,
        {
          i: person,
        },
      );
      expect(res.status).toBe(400);
      expect(res.errors![0]).toMatchObject({
        message: expect.stringMatching(/more tha[nt] 3000 tokens/),
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      });
      expect(await registered([person.idNumber])).toEqual([null]);
    });

    it('refuses an operation over the cost budget that no other limit stops', async () => {
      const lookups = Array.from({ length: 20 }, (_, i) => `l${i}: ${LOOKUP}`).join('\n');
      const res = await civil(`query($id: String!) { ${lookups} }`, {
        id: buildSubject(r, '330381101009').idNumber,
      });
      expect(res.status).toBe(400);
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]).toMatchObject({
        message: expect.stringMatching(/Cost limit of 2500 exceeded/),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'cost' },
      });
    });
  });

  describe('request bodies', () => {
    it('answers a body over the limit with 413 and a GraphQL error in JSON', async () => {
      const res = await fetch(system.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: '{ __typename }',
          variables: { pad: 'x'.repeat(DEFAULTS.maxBodyBytes) },
        }),
      });
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(await res.json()).toEqual({
        errors: [
          { message: expect.stringMatching(/over the limit/), extensions: { code: 'PAYLOAD_TOO_LARGE' } },
        ],
      });
    });

    it('answers JSON that does not parse with 400 and a GraphQL error in JSON', async () => {
      const res = await fetch(system.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query": "{ __typename }",',
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(await res.json()).toEqual({
        errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
      });
    });
  });

  describe('input shaped like SQL', () => {
    const SQL = ["' OR 1=1 --", "'; DROP TABLE subjects; --"];
    const cases: Array<[string, string, Department, (v: string) => Record<string, unknown>]> = [
      [
        'idNumber',
        'query($v: String!) { subjectByIdNumber(idNumber: $v) { name } }',
        Department.CIVIL_AFFAIRS,
        (v) => ({ v }),
      ],
      [
        'regionCode',
        'query($v: String!) { overdueVisits(regionCode: $v) { dueAt } }',
        Department.CIVIL_AFFAIRS,
        (v) => ({ v }),
      ],
      [
        'until',
        'query($v: String!) { dueVisits(regionCode: "330381", until: $v) { dueAt } }',
        Department.CIVIL_AFFAIRS,
        (v) => ({ v }),
      ],
      ['id', 'query($v: ID!) { referral(id: $v) { id } }', Department.CIVIL_AFFAIRS, (v) => ({ v })],
      ['id', 'mutation($v: ID!) { acceptReferral(id: $v) { id } }', Department.CIVIL_AFFAIRS, (v) => ({ v })],
      [
        'regionCode',
        'query($v: String!) { charityResources(regionCode: $v) { id } }',
        Department.CHARITY,
        (v) => ({ v }),
      ],
      [
        'input.resourceId',
        'mutation($i: CharityMatchInput!) { matchCharityResource(input: $i) { status } }',
        Department.CHARITY,
        (v) => ({ i: { idNumber: buildSubject(r, '330381101009').idNumber, resourceId: v } }),
      ],
    ];

    it.each(cases)(
      'refuses it in %s with a typed error naming the field and no SQL in any message',
      async (field, query, department, variables) => {
        for (const value of SQL) {
          const res = await system.as(department)(query, variables(value));
          expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
          const text = JSON.stringify(res);
          expect(text).not.toContain(value);
          expect(text).not.toMatch(/DROP TABLE|1=1|SELECT|syntax|uuid|QueryFailed/i);
        }
      },
    );
  });

  describe('WebSocket', () => {
    it('closes a socket that sends a frame over the limit before connection_init (1009)', async () => {
      const socket = new WebSocket(system.gatewayUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
      await once(socket, 'open');
      socket.send('x'.repeat(DEFAULTS.websocket.maxPayloadBytes + 1));
      const [code] = await once(socket, 'close');
      expect(code).toBe(1009);
    });

    it('refuses a subscription over the per-connection cap and keeps the connection', async () => {
      const client = wsClient(
        system.gatewayUrl,
        await token(Department.CIVIL_AFFAIRS, Role.DASHBOARD, '330381'),
      );
      const counters = () =>
        subscribe(
          client,
          `subscription { dashboardCountersChanged(regionCode: "330381") { openUrgentCases } }`,
          {},
        );
      try {
        const open = [counters(), counters(), counters()];
        for (const s of open) await s.waitFor(1);
        const refused = counters();
        await until(() => refused.errors.length > 0);
        expect(refused.errors[0]).toEqual([
          expect.objectContaining({ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 3 } }),
        ]);
        // the connection survives: once one subscription ends, another may start on it
        await open[0].close();
        const next = counters();
        expect(await next.waitFor(1)).toHaveLength(1);
      } finally {
        await client.dispose();
      }
    });

    it('holds a subscription to the operation limits too', async () => {
      const client = wsClient(
        system.gatewayUrl,
        await token(Department.CIVIL_AFFAIRS, Role.DASHBOARD, '330381'),
      );
      try {
        const deep = subscribe(
          client,
          `subscription { urgentCaseReported { case { subject { region { ${'parent { '.repeat(10)}code${' }'.repeat(10)} } } } } }`,
          {},
        );
        await until(() => deep.errors.length > 0);
        expect(deep.errors[0]).toEqual([
          expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth' } }),
        ]);
      } finally {
        await client.dispose();
      }
    });

    it('replays at most the replay limit after a cursor, then says where to go on from', async () => {
      const person = buildSubject(r, '330381101009');
      await civil(`mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`, { i: person });
      const cases: string[] = [];
      for (const kind of ['FIRE', 'TRAFFIC_ACCIDENT', 'SUDDEN_ILLNESS']) {
        const { data, errors } = await civil(
          `mutation($i: UrgentCaseInput!) { reportUrgentCase(input: $i) { id } }`,
          { i: { idNumber: person.idNumber, kind, occurredAt: '2026-01-05T08:00:00+08:00' } },
        );
        expect(errors).toBeUndefined();
        cases.push(data.reportUrgentCase.id);
      }
      const client = wsClient(
        system.gatewayUrl,
        await token(Department.CIVIL_AFFAIRS, Role.DASHBOARD, '330381'),
      );
      const query = `subscription($after: String) { urgentCaseReported(regionCode: "330381", after: $after) { cursor case { id } } }`;
      try {
        const first = subscribe(client, query, { after: '0' });
        await until(() => first.errors.length > 0);
        expect(first.events.map((e) => e.urgentCaseReported.case.id)).toEqual(cases.slice(0, 2));
        const [error] = first.errors[0] as any[];
        expect(error.extensions).toEqual({
          code: 'REPLAY_LIMIT_EXCEEDED',
          limit: 2,
          cursor: first.events[1].urgentCaseReported.cursor,
        });
        const rest = subscribe(client, query, { after: error.extensions.cursor });
        expect((await rest.waitFor(1)).map((e) => e.urgentCaseReported.case.id)).toEqual(cases.slice(2));
      } finally {
        await client.dispose();
      }
    });

    it('closes the socket when its token expires (4401)', async () => {
      const shortLived = await signToken(
        { user: 'short-lived', department: Department.CIVIL_AFFAIRS, role: Role.DASHBOARD, region: '330381' },
        AUTH,
        '2s',
      );
      const socket = new WebSocket(system.gatewayUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
      await once(socket, 'open');
      const closed = once(socket, 'close');
      socket.send(
        JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${shortLived}` } }),
      );
      const [ack] = await once(socket, 'message');
      expect(JSON.parse(String(ack)).type).toBe('connection_ack');
      const [code, reason] = await closed;
      expect(code).toBe(TOKEN_EXPIRED);
      expect(String(reason)).toBe('token expired');
    });
  });

  describe('introspection', () => {
    it('answers introspection outside production', async () => {
      const { data } = await civil(`{ __schema { queryType { name } } }`);
      expect(data.__schema.queryType.name).toBe('Query');
    });

    it('is off in production: the flag the gateway and the subgraphs are built with, and the gateway built so', async () => {
      expect(introspectionAllowed({ NODE_ENV: 'production' })).toBe(false);
      expect(introspectionAllowed({ NODE_ENV: 'development' })).toBe(true);
      const env = Object.fromEntries(
        DEPARTMENTS.map((d) => [`${d.envPrefix}_URL`, 'http://127.0.0.1:9/graphql']),
      );
      const gateway = createGatewayServer(
        { ...loadGatewayConfig({ ...env, ...DEVELOPMENT_AUTH, NODE_ENV: 'test' }), NODE_ENV: 'production' },
        readFileSync(SUPERGRAPH_FILE, 'utf8'),
      );
      await gateway.listen(0, '127.0.0.1');
      try {
        // in-process, as a subscription's payload query runs: the refusal is the validation's, not the token's
        const { errors } = await gateway.execute!(`{ __schema { queryType { name } } }`, {}, {});
        expect(errors![0]).toMatchObject({
          message: expect.stringMatching(/introspection/i),
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        });
      } finally {
        await gateway.close();
      }
    });
  });

  describe('readiness', () => {
    it('says why a service is not ready without its raw error', async () => {
      const service = createGraphQLService({
        name: 'probe',
        apollo: { typeDefs: 'type Query { ok: Boolean }' },
        requestIds: { mint: true },
        context: async () => ({}),
        readiness: async () => {
          throw new Error(
            'connect ECONNREFUSED 10.0.0.5:5432 (password authentication failed for "civil_affairs_app")',
          );
        },
      });
      const { url } = await service.listen(0, '127.0.0.1');
      try {
        const res = await fetch(url.replace('/graphql', '/readyz'));
        expect(res.status).toBe(503);
        expect(await res.json()).toEqual({ service: 'probe', ready: false, checks: { self: 'unavailable' } });
      } finally {
        await service.close();
      }
    });

    // stops a subgraph: keep last
    it('names a department that is down on /readyz without the raw error text', async () => {
      await system.stopSubgraph(Department.DISABILITY);
      const res = await fetch(system.gatewayUrl.replace('/graphql', '/readyz'));
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text).checks.disability).toBe('unreachable');
      expect(text).not.toMatch(/ECONN|fetch failed|127\.0\.0\.1|:\d{2,5}/);
      const lookup = await civil(
        `query($id: String!) { subjectByIdNumber(idNumber: $id) { disability { grade } } }`,
        {
          id: '33038119520315432X',
        },
      );
      for (const e of lookup.errors ?? []) expect(e.message).not.toMatch(/ECONN|fetch failed|127\.0\.0\.1/);
    });
  });
});

describe('the rate limit', () => {
  let system: TestSystem;
  beforeAll(async () => {
    // the gateway alone, with a tiny bucket: a refused request never reaches a department
    system = await startSystem({
      departments: [],
      env: { RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_BURST: '3' },
    });
  });
  afterAll(() => system?.close());

  const ask = (bearer?: string) =>
    fetch(system.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

  it('answers 429 RATE_LIMITED with Retry-After once a user has spent the bucket, per user', async () => {
    const user = await token(Department.CIVIL_AFFAIRS, Role.WINDOW, '330381');
    for (let i = 0; i < 3; i++) expect((await ask(user)).status).toBe(200);
    const refused = await ask(user);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toEqual({
      errors: [
        {
          message: expect.stringMatching(/rate limit: at most 3 requests a minute/),
          extensions: { code: 'RATE_LIMITED', retryAfter: Number(refused.headers.get('retry-after')) },
        },
      ],
    });
    // another user has a bucket of their own
    expect(
      (
        await post(
          system.gatewayUrl,
          '{ __typename }',
          {},
          await token(Department.HEALTH, Role.STAFF, '330381'),
        )
      ).status,
    ).toBe(200);
  });

  it('counts requests without a valid token by address', async () => {
    for (let i = 0; i < 3; i++) expect((await ask('not-a-token')).status).toBe(401);
    const refused = await ask();
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
  });
});

async function until(condition: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
