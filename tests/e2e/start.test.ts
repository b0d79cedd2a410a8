/**
 * The two commands: `npm start` on a fresh data directory brings up six processes on embedded
 * PostgreSQL, loads demo data once, prints the URLs and a working token, keeps the data across a
 * restart, restarts a department that dies while the others keep serving, and Ctrl-C stops
 * everything.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { platformEnv } from '../helpers/processes';
import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { demoPlan } from '../../scripts/demo';
import { SEED_REGIONS } from '../fixtures/factories';
import { post, token } from '../helpers/system';

const ROOT = path.resolve(__dirname, '../..');

interface Started {
  child: ChildProcess;
  output: () => string;
}

/** what `npm start` runs once `npm run build` has compiled it (beforeAll builds) */
function npmStart(env: Record<string, string | undefined>): Promise<Started> {
  const child = spawn(process.execPath, ['dist/scripts/start.js'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  child.stderr!.on('data', (d) => (text += d));
  return new Promise((resolve, reject) => {
    // a start that is not ready in time is stopped (with its six processes), not left running
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new Error(`npm start not ready after 180 s:\n${text}`));
    }, 180_000);
    child.stdout!.on('data', () => {
      if (/ready in [\d.]+ s/.test(text)) {
        clearTimeout(timer);
        resolve({ child, output: () => text });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${text}`));
    });
  });
}

/** the processes npm start runs, by name (charity, gateway, …) → pid, read from /proc */
function processesOf(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    for (const child of children ? children.split(/\s+/).map(Number) : []) {
      const cmdline = readFileSync(`/proc/${child}/cmdline`, 'utf8');
      const name = /(?:subgraphs\/([a-z-]+)|(gateway))\/src\/index\.js/.exec(cmdline);
      if (name) out.set(name[1] ?? name[2], child);
    }
  }
  return out;
}

/** resident memory of npm start and the six processes it runs, in MiB */
function totalRssMiB(pid: number): number {
  const rss = (p: number) =>
    Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))![1]) / 1024;
  return rss(pid) + [...processesOf(pid).values()].reduce((sum, child) => sum + rss(child), 0);
}

function stopped(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

describe('npm start', () => {
  let env: Record<string, string | undefined>;
  let cleanup: () => Promise<void>;
  let first: Started | undefined;
  let second: Started | undefined;

  beforeAll(async () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: ROOT });
    ({ env, cleanup } = await platformEnv({ embedded: true }));
  });
  afterAll(async () => {
    for (const s of [first, second]) if (s && s.child.exitCode === null) s.child.kill('SIGKILL');
    await cleanup?.();
  });

  it('starts six processes on embedded PostgreSQL, loads demo data and prints the URLs and a token', async () => {
    first = await npmStart(env);
    const out = first.output();
    expect(out).toMatch(/embedded PostgreSQL \(PGlite\)/);
    const loaded =
      /demo data loaded: (\d+) subjects, (\d+) disability certificates, (\d+) medical records, (\d+) union members, (\d+) charity resources/.exec(
        out,
      );
    expect(loaded).not.toBeNull();
    expect(Number(loaded![1])).toBeGreaterThanOrEqual(200);
    for (const n of loaded!.slice(2)) expect(Number(n)).toBeGreaterThan(0);
    expect(out).toContain(`http://localhost:${env.GATEWAY_PORT}/graphql`);
    // the gateway waits quietly for civil affairs: at most one warning, when it takes over 10 s
    expect((out.match(/event feed/g) ?? []).length).toBeLessThanOrEqual(1);
    for (const port of ['CIVIL_AFFAIRS', 'DISABILITY', 'TRADE_UNION', 'HEALTH', 'CHARITY'].map(
      (d) => env[`${d}_PORT`],
    )) {
      expect(out).toContain(`http://localhost:${port}/graphql`);
    }
  });

  it('answers a cross-department query with the printed token, and is ready', async () => {
    const token = /sample token[^\n]*\n\s+(\S+)/.exec(first!.output())![1];
    const gateway = `http://127.0.0.1:${env.GATEWAY_PORT}`;
    expect((await fetch(`${gateway}/readyz`)).status).toBe(200);
    const { data, errors } = await post(
      `${gateway}/graphql`,
      `{ subjectByIdNumber(idNumber: "33038119520315432X") { name region { name } household { size } disability { grade } medical { majorIllness } tradeUnion { member } charity { activeMatches { status } } } }`,
      {},
      token,
    );
    expect(errors).toBeUndefined();
    expect(data.subjectByIdNumber).toMatchObject({
      name: '陈秀英',
      region: { name: '邵宅社区' },
      household: { size: 1 },
    });
    expect(data.subjectByIdNumber).toHaveProperty('disability');
    expect(data.subjectByIdNumber.charity).toEqual({ activeMatches: expect.any(Array) });
  });

  it('serves the pages from the compiled gateway', async () => {
    const gateway = `http://127.0.0.1:${env.GATEWAY_PORT}`;
    for (const page of ['window', 'dashboard']) {
      const html = await fetch(`${gateway}/${page}`);
      expect(html.status).toBe(200);
      expect(html.headers.get('content-type')).toContain('text/html');
      const script = await fetch(`${gateway}/pages/${page}.js`);
      expect(script.status).toBe(200);
      expect((await script.text()).length).toBeGreaterThan(1000);
    }
  });

  it('loads demo data that shows every tier in every seed region, with overdue visits and discoveries', async () => {
    const admin = await token(Department.CIVIL_AFFAIRS, Role.ADMIN);
    for (const region of SEED_REGIONS) {
      const { data, errors } = await post(
        `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`,
        `query($r: String!) {
          overdue: overdueVisits(regionCode: $r) { tier }
          all: dueVisits(regionCode: $r, until: "2099-12-31") { tier }
          discoveries(regionCode: $r) { status }
        }`,
        { r: region.code },
        admin,
      );
      expect(errors).toBeUndefined();
      expect({ region: region.code, tiers: [...new Set(data.all.map((d: any) => d.tier))].sort() }).toEqual({
        region: region.code,
        tiers: ['GENERAL', 'HIGH_RISK', 'KEY'],
      });
      expect(data.overdue.length).toBeGreaterThan(0);
      expect(data.discoveries.length).toBeGreaterThan(0);
    }
  });

  it("loads households of several registered members and Fuzhou visits signed off and followed to the county's plan", async () => {
    const admin = await token(Department.CIVIL_AFFAIRS, Role.ADMIN);
    const head = demoPlan().members[0].household.memberOf;
    const { data, errors } = await post(
      `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`,
      `query($id: String!) {
        subjectByIdNumber(idNumber: $id) { household { size members { relation } } }
        changeDeadlines(regionCode: "350102", includeDone: true) { changeState confirmed missingSignOffs }
      }`,
      { id: head },
      admin,
    );
    expect(errors).toBeUndefined();
    expect(data.subjectByIdNumber.household.size).toBe(3);
    expect(data.subjectByIdNumber.household.members.map((m: any) => m.relation).sort()).toEqual([
      'CHILD',
      'HEAD',
      'SPOUSE',
    ]);
    const states = data.changeDeadlines.map((v: any) => v.changeState);
    expect(states).toEqual(expect.arrayContaining(['DONE', 'PLAN_DUE', 'REPORT_OVERDUE']));
    expect(data.changeDeadlines.every((v: any) => v.confirmed && v.missingSignOffs.length === 0)).toBe(true);
  });

  it('has people who qualify for programs of several departments at once (the windows’ typical cases)', async () => {
    const { data, errors } = await post(
      `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`,
      `{ dueVisits(regionCode: "330381", until: "2099-12-31") { subject { eligibility { program { department } eligible } } } }`,
      {},
      await token(Department.CIVIL_AFFAIRS, Role.ADMIN),
    );
    expect(errors).toBeUndefined();
    const breadth = data.dueVisits.map(
      (d: any) =>
        new Set(d.subject.eligibility.filter((e: any) => e.eligible).map((e: any) => e.program.department))
          .size,
    );
    expect(Math.max(...breadth)).toBeGreaterThanOrEqual(4);
    expect(breadth.filter((n: number) => n >= 3).length).toBeGreaterThanOrEqual(5);
  });

  it('restarts a department that dies, answering partially meanwhile, and leaves the others running', async () => {
    const token = /sample token[^\n]*\n\s+(\S+)/.exec(first!.output())![1];
    const before = processesOf(first!.child.pid!);
    expect([...before.keys()].sort()).toEqual(
      ['charity', 'civil-affairs', 'disability', 'gateway', 'health', 'trade-union'].sort(),
    );
    process.kill(before.get('charity')!, 'SIGKILL');
    const seen: string[] = [];
    const deadline = Date.now() + 40_000;
    while (Date.now() < deadline) {
      const { data, errors } = await post(
        `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`,
        `{ subjectByIdNumber(idNumber: "33038119520315432X") { name charity { activeMatches { status } } } }`,
        {},
        token,
      );
      expect(data.subjectByIdNumber.name).toBe('陈秀英');
      if (!errors) {
        if (seen.includes('partial')) break;
      } else {
        expect(errors.map((e: any) => e.extensions)).toEqual([
          expect.objectContaining({ code: 'DEPARTMENT_UNAVAILABLE', department: Department.CHARITY }),
        ]);
        expect(data.subjectByIdNumber.charity).toBeNull();
        if (!seen.includes('partial')) seen.push('partial');
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(seen).toEqual(['partial']);
    expect(Date.now()).toBeLessThan(deadline);
    expect(first!.output()).toMatch(/^charity exited with code 137; restarting in 1 s$/m);
    expect(first!.output().match(/charity exited with code/g)).toHaveLength(1);
    const after = processesOf(first!.child.pid!);
    expect(after.get('charity')).not.toBe(before.get('charity'));
    for (const name of ['gateway', 'civil-affairs', 'disability', 'trade-union', 'health'])
      expect({ name, pid: after.get(name) }).toEqual({ name, pid: before.get(name) });
  }, 60_000);

  it('stops all six processes on Ctrl-C', async () => {
    expect(await stopped(first!.child)).toBe(0);
    const ports = ['GATEWAY', 'CIVIL_AFFAIRS', 'DISABILITY', 'TRADE_UNION', 'HEALTH', 'CHARITY'].map(
      (d) => env[`${d}_PORT`],
    );
    for (const port of ports) {
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    }
  });

  it('keeps the data on disk and does not load the demo twice', async () => {
    second = await npmStart(env);
    expect(second.output()).toContain('demo data already present');
    const token = /sample token[^\n]*\n\s+(\S+)/.exec(second.output())![1];
    const { data } = await post(
      `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`,
      `{ subjectByIdNumber(idNumber: "33038119520315432X") { name assistance { category } } }`,
      {},
      token,
    );
    expect(data.subjectByIdNumber).toEqual({ name: '陈秀英', assistance: [{ category: 'TEKUN' }] });
    // the goal (README): 1.2 GB; measured ~1.05 GB after a restart on a loaded 2-core machine. Start-up
    // time is printed, not asserted: a CI machine's load decides it
    const rss = totalRssMiB(second.child.pid!);
    const times = [first!, second].map((s) => /ready in ([\d.]+) s/.exec(s.output())![1]);
    console.log(
      `npm start: first start ready in ${times[0]} s, restart ${times[1]} s; ${rss.toFixed(0)} MiB resident`,
    );
    expect(rss).toBeLessThan(1200);
    expect(await stopped(second.child)).toBe(0);
  });

  it('stops everything, with the reason, when a process fails during the first start-up', async () => {
    // a start an earlier test left running (it failed half-way) would hold the ports
    for (const s of [first, second]) if (s) await stopped(s.child);
    // answers nothing: the readiness checks that reach it are cut off at once
    const taken = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      taken.once('error', reject);
      taken.listen(Number(env.CHARITY_PORT), '127.0.0.1', resolve);
    });
    try {
      const failed = await npmStart(env).then(
        () => 'started',
        (e: Error) => e.message,
      );
      expect(failed).toMatch(/^npm start exited with 1:/);
      expect(failed).toMatch(/^charity exited with code 1; stopping the others$/m);
      expect(failed).not.toMatch(/restarting in/);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    for (const port of ['GATEWAY', 'CIVIL_AFFAIRS', 'HEALTH'].map((d) => env[`${d}_PORT`])) {
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    }
  });
});
