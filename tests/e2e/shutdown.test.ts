/**
 * Graceful shutdown: a subgraph that gets SIGTERM under load finishes the requests it has, logs that
 * it drained and exits 0; the gateway that gets SIGTERM closes its WebSockets with 1001, a code
 * graphql-ws clients reconnect on, and exits 0.
 */
import { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { signGatewayRequest } from '../../shared/internal-auth';
import { buildSubject, rng } from '../fixtures/factories';
import { CONTRACT_DIR, contractOperations } from '../helpers/contract';
import { Platform, startPlatform } from '../helpers/processes';
import { AUTH, post, token } from '../helpers/system';

const LOOKUP = contractOperations().find((o) => o.name === 'CrossLineLookup')!.document;
const ALERTS = readFileSync(path.join(CONTRACT_DIR, 'alerts.graphql'), 'utf8');
const MEDICAL = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Subject { medical { majorIllness } } } }`;

/**
 * The gateway's kind of request, straight to health, on a connection of its own (no keep-alive):
 * through the gateway a dropped subgraph request would look like DEPARTMENT_UNAVAILABLE, here it
 * is a socket error. Resolves with the status, or the error's code.
 */
async function toHealth(url: string, idNumbers: string[]): Promise<number | string> {
  const body = JSON.stringify({
    query: MEDICAL,
    variables: { r: idNumbers.map((idNumber) => ({ __typename: 'Subject', idNumber })) },
  });
  const authorization = await signGatewayRequest(
    { identity: { user: 'w', department: Department.CIVIL_AFFAIRS, role: Role.ADMIN, region: null } },
    'health',
    body,
    AUTH,
  );
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', authorization } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
        res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? String(e)));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? String(e)));
    req.end(body);
  });
}

/** SIGTERM, then the exit code and how long the process took to exit */
function terminate(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const sent = Date.now();
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve({ code, ms: Date.now() - sent }));
    child.kill('SIGTERM');
  });
}

interface Lookup {
  started: number;
  ended: number;
  status?: number;
  subject?: unknown;
  codes: string[];
  failure?: string;
}

describe('graceful shutdown', () => {
  let platform: Platform;
  const people = Array.from({ length: 4 }, (_, i) => buildSubject(rng(40 + i), '330381101009'));
  const many = Array.from({ length: 1000 }, (_, i) => buildSubject(rng(100 + i), '330381101009').idNumber);

  beforeAll(async () => {
    platform = await startPlatform({ env: { LOG_LEVEL: 'info' } });
    const civil = await token(Department.CIVIL_AFFAIRS, Role.ADMIN);
    for (const p of people) {
      const { errors } = await post(
        platform.gatewayUrl,
        `mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`,
        { i: p },
        civil,
      );
      expect(errors).toBeUndefined();
    }
  });
  afterAll(() => platform?.stop());

  it('finishes the requests a subgraph has when it gets SIGTERM under load, then exits 0', async () => {
    const window = await token(Department.CIVIL_AFFAIRS, Role.ADMIN);
    const lookups: Lookup[] = [];
    let running = true;
    const clients = Array.from({ length: 6 }, async (_, c) => {
      for (let n = 0; running; n++) {
        const lookup: Lookup = { started: Date.now(), ended: 0, codes: [] };
        lookups.push(lookup);
        try {
          const { status, data, errors } = await post(
            platform.gatewayUrl,
            LOOKUP,
            { idNumber: people[(c + n) % people.length].idNumber },
            window,
          );
          Object.assign(lookup, {
            status,
            subject: data?.subjectByIdNumber,
            codes: (errors ?? []).map((e) => String(e.extensions?.code)),
          });
        } catch (e) {
          lookup.failure = String(e);
        }
        lookup.ended = Date.now();
      }
    });
    const healthUrl = `http://127.0.0.1:${platform.env.HEALTH_PORT}/graphql`;
    const direct: Array<{ started: number; ended: number; outcome?: number | string }> = [];
    const partners = Array.from({ length: 3 }, async () => {
      while (running) {
        const request = { started: Date.now(), ended: 0, outcome: undefined as number | string | undefined };
        direct.push(request);
        request.outcome = await toHealth(healthUrl, many);
        request.ended = Date.now();
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const signalled = Date.now();
    const exit = terminate(platform.system.children.get('health')!);
    // stopping, health says so at once (SHUTDOWN_DELAY_MS) while it goes on answering
    await new Promise((resolve) => setTimeout(resolve, 200));
    // on a connection of its own: fetch may reuse a kept-alive one the stopping server has just closed
    // (ECONNRESET in a CI run under load)
    const readiness = await new Promise<number | undefined>((resolve, reject) =>
      http
        .get(healthUrl.replace(/\/graphql$/, '/readyz'), { agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode);
        })
        .on('error', reject),
    );
    await new Promise((resolve) => setTimeout(resolve, 1300));
    running = false;
    await Promise.all([...clients, ...partners]);
    const { code, ms } = await exit;

    expect(readiness).toBe(503);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5000);
    expect(platform.output.join('\n')).toMatch(/health: .*drained and stopped in \d+ ms/);
    const inFlight = lookups.filter((l) => l.started < signalled && l.ended >= signalled);
    expect(inFlight.length).toBeGreaterThan(0);
    for (const lookup of lookups) {
      expect(lookup.failure).toBeUndefined();
      expect(lookup.status).toBe(200);
      expect(lookup.subject).toBeTruthy();
    }
    // a request health had (sent 50 ms or more before the signal: connected by then) is answered;
    // one sent later may be refused, which the gateway reports as DEPARTMENT_UNAVAILABLE
    const hadBySignal = direct.filter((d) => d.started <= signalled - 50);
    expect(hadBySignal.filter((d) => d.ended > signalled).length).toBeGreaterThan(0);
    for (const request of hadBySignal) expect(request.outcome).toBe(200);
    // before the signal every answer is whole; after it, health may be DEPARTMENT_UNAVAILABLE only
    for (const lookup of lookups.filter((l) => l.ended < signalled)) expect(lookup.codes).toEqual([]);
    for (const lookup of lookups) for (const c of lookup.codes) expect(c).toBe('DEPARTMENT_UNAVAILABLE');
  });

  it('closes subscribers’ WebSockets with 1001 when the gateway gets SIGTERM, then exits 0', async () => {
    const closed: Array<{ code: number; reason: string }> = [];
    const client = createClient({
      url: platform.gatewayUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: {
        authorization: `Bearer ${await token(Department.CIVIL_AFFAIRS, Role.DASHBOARD, '330381')}`,
      },
      retryAttempts: 0,
      lazy: false,
      // the close is what this test waits for, not an error to print (retryAttempts: 0 ends here)
      onNonLazyError: () => {},
      on: { closed: (event) => void closed.push(event as { code: number; reason: string }) },
    });
    let connected!: () => void;
    const ready = new Promise<void>((resolve) => (connected = resolve));
    client.on('connected', () => connected());
    const dispose = client.subscribe(
      { query: ALERTS, variables: { regionCode: '330381', after: null }, operationName: 'UrgentCases' },
      { next: () => {}, error: () => {}, complete: () => {} },
    );
    try {
      await ready;
      await new Promise((resolve) => setTimeout(resolve, 300));
      const { code, ms } = await terminate(platform.system.children.get('gateway')!);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(5000);
      for (let i = 0; i < 20 && !closed.length; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(closed[0]).toMatchObject({ code: 1001 });
      expect(platform.output.join('\n')).toMatch(/gateway: .*drained and stopped in \d+ ms/);
    } finally {
      dispose();
      await client.dispose();
    }
  });
});
