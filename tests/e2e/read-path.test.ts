/**
 * One read path: every read crosses departments only in the gateway's query plan. While lookups
 * run, no subgraph process holds a connection to another subgraph's port (sampled with `ss -tnp`),
 * and the plan of CrossLineLookup fetches each department a fixed number of times.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { Role } from '../../shared/auth';
import { DEPARTMENTS, Department } from '../../shared/departments';
import { SUPERGRAPH_FILE } from '../../gateway/src/compose';
import { fetchesOf, queryPlanner } from '../../gateway/src/query-plan';
import { buildDisability, buildMedical, buildUnionMember, buildSubject, rng } from '../fixtures/factories';
import { contractOperations } from '../helpers/contract';
import { Platform, startPlatform } from '../helpers/processes';
import { post, token } from '../helpers/system';

const LOOKUP = contractOperations().find((o) => o.name === 'CrossLineLookup')!.document;

/** a process and all its descendants (npm → tsx → node) */
function descendants(pid: number): number[] {
  const out = [pid];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    for (const child of children ? children.split(/\s+/).map(Number) : []) out.push(...descendants(child));
  }
  return out;
}

/** established TCP connections: [pid, peer port] */
function connections(): Array<{ pid: number; peerPort: number }> {
  const text = execFileSync('ss', ['-tnpH', 'state', 'established'], { encoding: 'utf8' });
  const out: Array<{ pid: number; peerPort: number }> = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 5) continue;
    const peerPort = Number(cols[3].split(':').pop());
    for (const m of line.matchAll(/pid=(\d+)/g)) out.push({ pid: Number(m[1]), peerPort });
  }
  return out;
}

describe('one read path through the gateway', () => {
  it('plans CrossLineLookup as civil affairs, then each partner once in parallel, then civil affairs', () => {
    const planner = queryPlanner(readFileSync(SUPERGRAPH_FILE, 'utf8'));
    const fetches = fetchesOf(planner.plan(LOOKUP));
    expect(fetches[0]).toBe('civil-affairs');
    expect(fetches.slice(1, 5).sort()).toEqual(['charity', 'disability', 'health', 'trade-union']);
    expect(fetches.slice(5)).toEqual(['civil-affairs']);
  });

  describe('six real processes', () => {
    let platform: Platform;
    const r = rng(21);
    const people = Array.from({ length: 6 }, () => buildSubject(r, '330381101009'));
    const as = async (department: Department) => {
      const t = await token(department, Role.ADMIN);
      return (query: string, variables: unknown) => post(platform.gatewayUrl, query, variables, t);
    };

    beforeAll(async () => {
      // no background delivery or catch-up while sampling: what reaches civil affairs does so at
      // write time (facts flushed after each partner write, a newcomer's facts asked by its
      // registration), so a connection seen during the lookups could only be a read's
      platform = await startPlatform({ env: { OUTBOX_INTERVAL_MS: '3600000' } });
      const civil = await as(Department.CIVIL_AFFAIRS);
      for (const p of people) {
        const { errors } = await civil(
          `mutation($i: SubjectInput!) { registerSubject(input: $i) { id tier } }`,
          {
            i: p,
          },
        );
        expect(errors).toBeUndefined();
      }
      const writes: Array<[Department, string, string, (id: string) => unknown]> = [
        [Department.DISABILITY, 'recordDisability', 'DisabilityInput', (id) => buildDisability(r, id)],
        [Department.HEALTH, 'recordMedical', 'MedicalInput', (id) => buildMedical(r, id)],
        [Department.TRADE_UNION, 'recordUnionMember', 'UnionMemberInput', (id) => buildUnionMember(r, id)],
      ];
      for (const [department, field, type, build] of writes) {
        const send = await as(department);
        for (const p of people.slice(0, 3)) {
          const { errors } = await send(`mutation($i: ${type}!) { ${field}(input: $i) { __typename } }`, {
            i: build(p.idNumber),
          });
          expect(errors).toBeUndefined();
        }
      }
      // the partners' facts reach civil affairs by outbox; then their idle connections close
      const tierCertain = async () => {
        const { data } = await civil(
          `query($ids: [String!]!) { subjectsByIdNumbers(idNumbers: $ids) { tierReason { certain } } }`,
          { ids: people.map((p) => p.idNumber) },
        );
        return data?.subjectsByIdNumbers?.every((s: any) => s.tierReason?.certain);
      };
      for (let i = 0; i < 60 && !(await tierCertain()); i++) await new Promise((res) => setTimeout(res, 500));
      await new Promise((res) => setTimeout(res, 6000));
    });
    afterAll(() => platform?.stop());

    it('holds no connection from one subgraph to another while lookups run', async () => {
      const env = platform.env;
      const ports = new Map(DEPARTMENTS.map((d) => [Number(env[`${d.envPrefix}_PORT`]), d.subgraph]));
      const pids = new Map<number, string>();
      for (const d of DEPARTMENTS) {
        const child = platform.system.children.get(d.subgraph)!;
        for (const pid of descendants(child.pid!)) pids.set(pid, d.subgraph);
      }
      const window = await as(Department.CIVIL_AFFAIRS);
      let running = true;
      let lookups = 0;
      const clients = Array.from({ length: 4 }, async () => {
        while (running) {
          const { data, errors } = await window(LOOKUP, {
            idNumber: people[lookups % people.length].idNumber,
          });
          expect(errors).toBeUndefined();
          expect(data.subjectByIdNumber.eligibility.length).toBeGreaterThan(4);
          lookups++;
        }
      });
      const seen: string[] = [];
      let samples = 0;
      // at least 4 s and 25 samples (a loaded machine runs `ss` slowly), at most 30 s
      const until = Date.now() + 4000;
      const cap = Date.now() + 30_000;
      while ((Date.now() < until || samples < 25) && Date.now() < cap) {
        for (const c of connections()) {
          const from = pids.get(c.pid);
          const to = ports.get(c.peerPort);
          if (from && to && from !== to) seen.push(`${from} → ${to}`);
        }
        samples++;
        await new Promise((res) => setTimeout(res, 25));
      }
      running = false;
      await Promise.all(clients);
      expect(samples).toBeGreaterThan(20);
      expect(lookups).toBeGreaterThan(20);
      expect([...new Set(seen)]).toEqual([]);
    });
  });
});
