/**
 * The gateway's subscriptions as a table of definitions: each event reaches a subscriber only when
 * the payload query, run under that subscriber's token, answers with the entity; the client's
 * aliases, fragments and variables shape the message; a table that disagrees with the schema stops
 * installation. Real graphql-ws clients against the whole system (startSystem).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';
import type { Client } from 'graphql-ws';
import { Role, ServiceCredential } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { SUPERGRAPH_FILE } from '../../gateway/src/compose';
import { SUBSCRIPTIONS } from '../../gateway/src/subscriptions';
import { EventFeed } from '../../gateway/src/subscriptions/event-feed';
import { installSubscriptions } from '../../gateway/src/subscriptions/install-subscriptions';
import { urgentCaseReported } from '../../gateway/src/subscriptions/urgent-case-reported';
import { buildSubject, rng } from '../fixtures/factories';
import { CONTRACT_DIR } from '../helpers/contract';
import { AUTH, TestSystem, startSystem, token } from '../helpers/system';
import { subscribe, wsClient } from '../helpers/ws';

const ALERTS = readFileSync(path.join(CONTRACT_DIR, 'alerts.graphql'), 'utf8');
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));

describe('subscriptions decided by the payload query (whole system, real WebSocket clients)', () => {
  let system: TestSystem;
  const clients: Client[] = [];
  const r = rng(17);
  const ruian = buildSubject(r, '330381101009', {
    assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2024-01-01', until: null }],
  });
  const qingpu = buildSubject(r, '310118001001', {
    assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2024-01-01', until: null }],
  });
  const client = async (department: Department, role: Role, region: string | null) => {
    const c = wsClient(system.gatewayUrl, await token(department, role, region));
    clients.push(c);
    return c;
  };
  const urgentCases = async (region: string | null, variables: Record<string, unknown> = {}) =>
    subscribe(
      await client(Department.CIVIL_AFFAIRS, region ? Role.DASHBOARD : Role.ADMIN, region),
      ALERTS,
      { regionCode: null, after: null, ...variables },
      'UrgentCases',
    );
  const report = async (idNumber: string, description: string): Promise<string> => {
    const { data, errors } = await system.as(Department.CIVIL_AFFAIRS)(
      `mutation($i: UrgentCaseInput!) { reportUrgentCase(input: $i) { id } }`,
      { i: { idNumber, kind: 'FIRE', occurredAt: new Date().toISOString(), description } },
    );
    expect(errors).toBeUndefined();
    return data.reportUrgentCase.id;
  };
  const civilAffairsSql = (sql: string, params: unknown[] = []) =>
    system.subgraphs[Department.CIVIL_AFFAIRS].database.dataSource.query(sql, params);

  beforeAll(async () => {
    system = await startSystem();
    for (const person of [ruian, qingpu]) {
      const { errors } = await system.as(Department.CIVIL_AFFAIRS)(
        `mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`,
        { i: person },
      );
      expect(errors).toBeUndefined();
    }
    const { errors } = await system.as(Department.DISABILITY)(
      `mutation($i: DisabilityInput!) { recordDisability(input: $i) { grade } }`,
      {
        i: {
          idNumber: ruian.idNumber,
          certificateNumber: `${ruian.idNumber}41`,
          category: 'PHYSICAL',
          grade: 1,
        },
      },
    );
    expect(errors).toBeUndefined();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await system?.close();
  });

  it('delivers an urgent case to the subscribers whose region covers it, and to no other', async () => {
    const county = await urgentCases('330381');
    const township = await urgentCases('330381101');
    const neighbour = await urgentCases('330381102');
    const otherCity = await urgentCases('310118');
    const country = await urgentCases(null);
    await settle();
    const inRuian = await report(ruian.idNumber, '住房失火');
    const inQingpu = await report(qingpu.idNumber, '厂房失火');

    for (const covering of [county, township])
      expect((await covering.waitFor(1))[0].urgentCaseReported.case.id).toBe(inRuian);
    // the first case Qingpu hears of is its own, the second: Rui'an's was skipped, not missed
    expect((await otherCity.waitFor(1))[0].urgentCaseReported.case.id).toBe(inQingpu);
    const both = await country.waitFor(2);
    expect(both.map((e) => e.urgentCaseReported.case.id)).toEqual([inRuian, inQingpu]);
    await settle();
    expect(neighbour.events).toEqual([]);
    expect([...county.errors, ...township.errors, ...neighbour.errors, ...otherCity.errors]).toEqual([]);
    expect(county.events).toHaveLength(1);
  });

  it('delivers a referral to the subscriber of the department it is addressed to', async () => {
    const disability = subscribe(
      await client(Department.DISABILITY, Role.STAFF, '330381'),
      ALERTS,
      { department: 'DISABILITY', after: null },
      'ReferralsReceived',
    );
    const health = subscribe(
      await client(Department.HEALTH, Role.STAFF, '330381'),
      ALERTS,
      { department: 'HEALTH', after: null },
      'ReferralsReceived',
    );
    await settle();
    const { data, errors } = await system.as(
      Department.CIVIL_AFFAIRS,
      Role.WINDOW,
      '330381',
    )(`mutation($i: ReferralInput!) { createReferral(input: $i) { id } }`, {
      i: { idNumber: ruian.idNumber, programId: 'DISABILITY:care-subsidy', reason: '重度残疾，申请护理补贴' },
    });
    expect(errors).toBeUndefined();
    const [event] = await disability.waitFor(1);
    expect(event.referralReceived).toMatchObject({
      cursor: expect.stringMatching(/^\d+$/),
      referral: {
        id: data.createReferral.id,
        subject: { name: ruian.name },
        program: { id: 'DISABILITY:care-subsidy' },
      },
    });
    await settle();
    expect(health.events).toEqual([]);
  });

  it('skips an event whose payload query finds nothing, and goes on with the next', async () => {
    const [{ head }] = await civilAffairsSql(`SELECT COALESCE(MAX(cursor), 0)::text AS head FROM events`);
    // a row of the log whose case the payload query cannot find (NOT_FOUND / null for everyone)
    await civilAffairsSql(
      `INSERT INTO events (kind, entity_id, region_code, department) VALUES ('URGENT_CASE', $1, '330381101009', NULL)`,
      [randomUUID()],
    );
    const reported = await report(ruian.idNumber, '无人照看');
    const sub = await urgentCases('330381', { after: head });
    const [replayed] = await sub.waitFor(1);
    expect(replayed.urgentCaseReported.case.id).toBe(reported);
    const live = await report(ruian.idNumber, '再次失火');
    const events = await sub.waitFor(2);
    expect(events[1].urgentCaseReported.case.id).toBe(live);
    expect(sub.errors).toEqual([]);
  });

  it("shapes each message by the client's aliases, fragments and variables", async () => {
    const sub = subscribe(
      await client(Department.CIVIL_AFFAIRS, Role.DASHBOARD, '330381'),
      `subscription Aliased($region: String, $withName: Boolean!, $withKind: Boolean!) {
         urgentCaseReported(regionCode: $region) {
           ...Envelope
           incident: case { ...CaseFields subject { name @include(if: $withName) } }
         }
       }
       fragment Envelope on UrgentCaseEvent { at: cursor type: __typename }
       fragment CaseFields on UrgentCase { caseId: id kind @include(if: $withKind) }`,
      { region: '330381', withName: true, withKind: false },
    );
    await settle();
    const id = await report(ruian.idNumber, '别名');
    const [event] = await sub.waitFor(1);
    expect(event.urgentCaseReported).toEqual({
      at: expect.stringMatching(/^\d+$/),
      type: 'UrgentCaseEvent',
      incident: { caseId: id, subject: { name: ruian.name } },
    });
  });

  it('refuses a cursor that is not one, with the argument named', async () => {
    const sub = await urgentCases('330381', { after: 'yesterday' });
    await expect(sub.waitFor(1, 3000)).rejects.toThrow(/after: is not a cursor/);
  });
});

describe('installing the definitions table over the API schema', () => {
  let api: GraphQLSchema;
  const feed = new EventFeed(
    'http://127.0.0.1:9/graphql',
    1000,
    new ServiceCredential(AUTH, Department.CIVIL_AFFAIRS, 'test-feed'),
    1000,
  );
  const execute = async () => ({ data: null });
  beforeAll(async () => {
    const gateway = new ApolloGateway({ supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8') });
    api = (await gateway.load()).schema;
    await gateway.stop();
  });

  it('installs the table the gateway serves', () => {
    const schema = installSubscriptions(api, SUBSCRIPTIONS, feed, execute);
    expect(schema.getSubscriptionType()?.getFields().urgentCaseReported.subscribe).toBeInstanceOf(Function);
  });

  it('throws when a definition names a subscription field the schema lacks', () => {
    const misspelt = { ...urgentCaseReported, field: 'urgentCaseReport' };
    expect(() => installSubscriptions(api, [...SUBSCRIPTIONS, misspelt], feed, execute)).toThrow(
      /no Subscription\.urgentCaseReport$/,
    );
  });

  it('throws when a payload query names a root query the schema lacks', () => {
    const table = SUBSCRIPTIONS.map((d) =>
      d === urgentCaseReported ? { ...d, payloadQuery: { ...d.payloadQuery, field: 'urgentCases' } } : d,
    );
    expect(() => installSubscriptions(api, table, feed, execute)).toThrow(/no Query\.urgentCases$/);
  });

  it('throws when a subscription field of the schema has no definition', () => {
    const table = SUBSCRIPTIONS.filter((d) => d !== urgentCaseReported);
    expect(() => installSubscriptions(api, table, feed, execute)).toThrow(
      /Subscription\.urgentCaseReported has no definition/,
    );
  });
});
