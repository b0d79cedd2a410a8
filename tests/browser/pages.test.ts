/**
 * The pages in a real browser (Debian's Chromium through playwright-core) against the whole system
 * in-process: the reception window looks a person up across the five departments, files a referral
 * the partner then finds in its inbox, and shows a stopped department as one line; the dashboard
 * shows urgent cases as they are reported, and the ones reported while it was offline once it is
 * back. The screenshots are taken here: into test-results/ on every run, and into docs/screenshots
 * (the README's pictures) only with SCREENSHOTS=update, so a test run leaves the tree clean.
 */
import { mkdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { buildSubject, buildUnionMember, rng, ruianFindings, villagesUnder } from '../fixtures/factories';
import { TestBrowser, launchBrowser, openSignedIn } from '../helpers/browser';
import { registerWithRecords } from '../helpers/records';
import { TestSystem, startSystem, token } from '../helpers/system';
import { DEPARTMENT_NAMES, TIER_NAMES } from '../../web/src/labels';

const SCREENSHOTS = path.join(
  __dirname,
  '..',
  '..',
  process.env.SCREENSHOTS === 'update' ? 'docs/screenshots' : 'test-results',
);
const VILLAGE = '330381101009';

/** a chart's figures table as [name, count] rows */
const figuresOf = (page: Page, tbodyId: string): Promise<Array<[string, number]>> =>
  page
    .locator(`#${tbodyId} tr`)
    .evaluateAll((rows) =>
      rows.map((row) => [
        row.querySelector('th')!.textContent!,
        Number(row.querySelector('td')!.textContent),
      ]),
    ) as Promise<Array<[string, number]>>;

describe('pages (Chromium against the whole system)', () => {
  let system: TestSystem;
  let browser: TestBrowser;
  let gateway: string;
  const r = rng(1111);
  // as the demo's first contract person: 特困, living alone, disability and a serious illness
  const person = buildSubject(r, VILLAGE, {
    idNumber: '33038119520315432X',
    name: '陈秀英',
    livingAlone: true,
    dispersedSupport: true,
    household: { size: 1, monthlyIncomePerCapita: 850 },
    assistance: [{ category: 'TEKUN', status: 'ACTIVE', since: '2019-04-01', until: null }],
  });
  const neighbour = buildSubject(r, VILLAGE);
  // the township around them, so the dashboard's lists and charts have something to show
  const township = villagesUnder('330381101', 4).flatMap((village, i) =>
    Array.from({ length: i + 1 }, () =>
      buildSubject(r, village, {
        assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2023-01-01', until: null }],
      }),
    ),
  );

  /** a civil-affairs window of Rui'an unless said otherwise */
  const openWindow = async (department = Department.CIVIL_AFFAIRS) => {
    const page = await browser.page();
    await openSignedIn(page, gateway, '/window', await token(department, Role.WINDOW, '330381'));
    return page;
  };
  /** a township leader's dashboard */
  const openDashboard = async () => {
    const page = await browser.page();
    await openSignedIn(
      page,
      gateway,
      '/dashboard',
      await token(Department.CIVIL_AFFAIRS, Role.DASHBOARD, '330381101'),
    );
    return page;
  };
  const lookUp = async (page: Page, idNumber: string) => {
    await page.getByLabel('公民身份号码').fill(idNumber);
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('#person h2').waitFor();
  };
  const reportUrgentCase = async (idNumber: string, description: string): Promise<string> => {
    const { data, errors } = await system.as(
      Department.CIVIL_AFFAIRS,
      Role.STAFF,
      '330381',
    )(`mutation($i: UrgentCaseInput!) { reportUrgentCase(input: $i) { id } }`, {
      i: { idNumber, kind: 'FIRE', occurredAt: new Date().toISOString(), description },
    });
    expect(errors).toBeUndefined();
    return data.reportUrgentCase.id;
  };

  beforeAll(async () => {
    system = await startSystem();
    gateway = new URL(system.gatewayUrl).origin;
    await registerWithRecords(system, person);
    await system.write(Department.CIVIL_AFFAIRS, 'registerSubject', 'SubjectInput', neighbour);
    await system.write(Department.TRADE_UNION, 'recordUnionMember', 'UnionMemberInput', {
      ...buildUnionMember(r, person.idNumber),
      difficultWorker: { level: 'DEEP', since: '2024-03-01', reason: '本人患病' },
    });
    for (const [i, p] of township.entries()) {
      await system.write(Department.CIVIL_AFFAIRS, 'registerSubject', 'SubjectInput', p);
      if (i % 2) continue;
      // visited long ago (a complete visit: every dimension): overdue now
      const { errors } = await system.as(Department.CIVIL_AFFAIRS)(
        `mutation($id: String!, $s: String!, $in: VisitFindingsInput!) {
          importVisit(idNumber: $id, mode: HOME, visitor: "网格员", startedAt: $s, input: $in) { id }
        }`,
        {
          id: p.idNumber,
          s: '2025-06-02T09:00:00+08:00',
          in: { endedAt: '2025-06-02T10:00:00+08:00', findings: ruianFindings() },
        },
      );
      expect(errors).toBeUndefined();
    }
    const resource = await system.as(Department.CHARITY)(
      `mutation($i: CharityResourceInput!) { addCharityResource(input: $i) { id } }`,
      {
        i: {
          name: '塘下镇慈善助医项目',
          kind: 'CHARITY_PROJECT',
          regionCode: '330381101',
          capacity: 5,
          tags: ['MEDICAL'],
        },
      },
    );
    expect(resource.errors).toBeUndefined();
    await system.write(Department.CHARITY, 'matchCharityResource', 'CharityMatchInput', {
      idNumber: person.idNumber,
      resourceId: resource.data.addCharityResource.id,
    });
    // a referral of the dashboard's own, so its backlog is not all zeros whichever tests run
    const referral = await system.as(
      Department.CIVIL_AFFAIRS,
      Role.WINDOW,
      '330381',
    )(`mutation($i: ReferralInput!) { createReferral(input: $i) { id } }`, {
      i: { idNumber: person.idNumber, programId: 'HEALTH:medical-assistance', reason: '大病自付费用高' },
    });
    expect(referral.errors).toBeUndefined();
    await system.settle();
    browser = await launchBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('serves the pages with a Content-Security-Policy that allows no inline script', async () => {
    for (const route of ['/window', '/dashboard']) {
      const res = await fetch(`${gateway}${route}`);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(await res.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
  });

  it('builds the pages again when a source is newer than the build, before serving them', async () => {
    const source = path.join(__dirname, '..', '..', 'web', 'static', 'pages.css');
    const touched = new Date();
    utimesSync(source, touched, touched);
    const res = await fetch(`${gateway}/pages/pages.css`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/css/);
    const manifest = path.join(__dirname, '..', '..', 'dist', 'pages', 'build.json');
    expect(statSync(manifest).mtimeMs).toBeGreaterThanOrEqual(touched.getTime());
  });

  it('checks an ID number as it is typed, with the check character the services compute', async () => {
    const page = await openWindow();
    const field = page.getByLabel('公民身份号码');
    await field.fill('3303811952');
    await expect(page.locator('#id-hint').textContent()).resolves.toContain('10 / 18');
    await field.fill('330381195203154321');
    await expect(page.locator('#id-hint').textContent()).resolves.toContain('校验码应为 X');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: '查询' }).isDisabled()).toBe(true);
    await field.fill('33038119520315432x');
    await expect(page.locator('#id-hint').textContent()).resolves.toContain('出生日期 1952-03-15，女');
    expect(await page.getByRole('button', { name: '查询' }).isEnabled()).toBe(true);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('keeps the token for the tab only, and forgets it on 退出', async () => {
    const page = await openWindow();
    expect(await page.locator('#who').textContent()).toBe(
      'test-civil_affairs-window · 民政 · 窗口 · 辖区 330381',
    );
    await page.reload();
    await page.locator('#app').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: '退出' }).click();
    await page.locator('#signin').waitFor({ state: 'visible' });
    expect(await page.locator('#app').isHidden()).toBe(true);
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
    await page.getByLabel('访问令牌', { exact: false }).fill('not a token');
    await page.getByRole('button', { name: '登录' }).click();
    expect(await page.locator('#signin-error').textContent()).toContain('这不是一个令牌');
    await page.close();
  });

  it('looks a person up across all five departments and files a referral the partner finds in its inbox', async () => {
    const page = await openWindow();
    await lookUp(page, person.idNumber);

    expect(await page.locator('#person h2').textContent()).toContain('陈秀英');
    const departments = page.locator('section.department');
    expect(await departments.evaluateAll((s) => s.map((e) => e.getAttribute('data-department')))).toEqual([
      'CIVIL_AFFAIRS',
      'DISABILITY',
      'TRADE_UNION',
      'HEALTH',
      'CHARITY',
    ]);
    expect(await page.locator('section.unavailable').count()).toBe(0);
    expect(await page.locator('[data-department=CIVIL_AFFAIRS]').textContent()).toContain('特困供养');
    expect(await page.locator('[data-department=DISABILITY]').textContent()).toContain('2 级');
    expect(await page.locator('[data-department=TRADE_UNION]').textContent()).toContain('深度困难');
    expect(await page.locator('[data-department=HEALTH]').textContent()).toContain('重大疾病是');
    expect(await page.locator('[data-department=CHARITY]').textContent()).toContain('塘下镇慈善助医项目');
    expect(await page.locator('.tier').textContent()).toMatch(/对象分级：(高风险|重点|一般) — /);
    const care = page.locator('tr[data-program="DISABILITY:care-subsidy"]');
    expect(await care.locator('td').nth(2).textContent()).toMatch(/^(已享受|未享受)$/);
    expect(await care.locator('.reasons li').count()).toBeGreaterThan(0);

    await page.getByLabel('项目').selectOption('DISABILITY:care-subsidy');
    await page.getByLabel('转介理由').fill('重度残疾且独居，申请护理补贴');
    await page.getByRole('button', { name: '提交转介' }).click();
    await page.locator('#referral-status', { hasText: '已转介至残联' }).waitFor();
    const filed = page.locator('#referrals li[data-referral]', { hasText: '护理' });
    await filed.waitFor();
    expect(await filed.textContent()).toContain('民政 → 残联');

    const inbox = await system.as(
      Department.DISABILITY,
      Role.STAFF,
      '330381',
    )(
      `query { referrals(department: DISABILITY, status: PENDING) { id reason subject { name } program { id } } }`,
    );
    expect(inbox.errors).toBeUndefined();
    expect(inbox.data.referrals).toContainEqual({
      id: await filed.getAttribute('data-referral'),
      reason: '重度残疾且独居，申请护理补贴',
      subject: { name: '陈秀英' },
      program: { id: 'DISABILITY:care-subsidy' },
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'window.png'), fullPage: true });
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('files a discovery from the window, which then shows among the open ones', async () => {
    const page = await openWindow();
    await lookUp(page, neighbour.idNumber);
    await page.getByLabel('类别').selectOption('MAY_QUALIFY_NOT_APPLIED');
    await page.getByLabel('医疗救助').check();
    await page.getByLabel('情况说明').fill('窗口来访，家中有病人');
    await page.getByRole('button', { name: '登记' }).click();
    await page.locator('#discovery-status', { hasText: '已登记' }).waitFor();
    const listed = page.locator('#discoveries li[data-discovery]');
    await listed.waitFor();
    expect(await listed.textContent()).toContain('可能符合条件但未申请');
    expect(await listed.textContent()).toContain('疑似：医疗救助');
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('says why a field is withheld from another department', async () => {
    const page = await openWindow(Department.DISABILITY);
    await lookUp(page, person.idNumber);
    // no signed consent: the household income is civil affairs' alone
    const civil = page.locator('[data-department=CIVIL_AFFAIRS]');
    expect(await civil.textContent()).toContain('已隐去：本人未签署经济数据共享授权');
    expect(await page.locator('.withheld-list').textContent()).toContain('household.monthlyIncomePerCapita');
    await page.close();
  });

  it('shows a stopped department as one line saying so, and the others as usual', async () => {
    const page = await openWindow();
    await system.stopSubgraph(Department.HEALTH);
    try {
      await lookUp(page, person.idNumber);
      const health = page.locator('[data-department=HEALTH]');
      expect(await health.getAttribute('class')).toContain('unavailable');
      expect((await health.locator('p').allTextContents()).join('')).toBe(
        '医保 / 卫健服务暂不可用，本次查询未含该部门信息。',
      );
      expect(await page.locator('#lookup-status').textContent()).toContain('医保 / 卫健暂时无法连接');
      expect(await page.locator('[data-department=DISABILITY]').textContent()).toContain('2 级');
      expect(await page.locator('[data-department=TRADE_UNION]').textContent()).toContain('深度困难');
      expect(await page.locator('section.unavailable').count()).toBe(1);
    } finally {
      await system.restartSubgraph(Department.HEALTH);
    }
    await page.close();
  });

  it('shows the people under visiting care by tier and by village and the referral backlog, counted on the server', async () => {
    const page = await openDashboard();
    await page.locator('#counters .counter').first().waitFor();
    expect(await page.locator('#overdue-body tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#overdue-note').textContent()).toMatch(/^逾期共 \d+ 人，已全部显示。$/);
    expect(await page.locator('#overdue-more').isHidden()).toBe(true);

    // the charts' figures, against the people and referrals this test set up
    const people = [person, neighbour, ...township];
    const civil = system.as(Department.CIVIL_AFFAIRS, Role.ADMIN, '330381101');
    const { data } = await civil(
      `query($ids: [String!]!) { subjectsByIdNumbers(idNumbers: $ids) { tier region { code name } } }`,
      { ids: people.map((p) => p.idNumber) },
    );
    const tally = (keys: string[]) => {
      const counts = new Map<string, number>();
      for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
      return counts;
    };
    const tiers = tally(data.subjectsByIdNumbers.map((s: any) => s.tier));
    expect(await figuresOf(page, 'tier-figures')).toEqual(
      ['HIGH_RISK', 'KEY', 'GENERAL'].map((t) => [TIER_NAMES[t], tiers.get(t) ?? 0]),
    );
    expect(await page.locator('#under-care').textContent()).toBe(`走访对象共 ${people.length} 人`);
    const villages = tally(data.subjectsByIdNumbers.map((s: any) => s.region.name));
    expect(new Map(await figuresOf(page, 'village-figures'))).toEqual(villages);
    const pending = await Promise.all(
      Object.keys(DEPARTMENT_NAMES).map(async (department): Promise<[string, number]> => {
        const inbox = await civil(
          `query($d: Department!) { referrals(department: $d, status: PENDING, first: 500) { id } }`,
          { d: department },
        );
        expect(inbox.errors).toBeUndefined();
        return [DEPARTMENT_NAMES[department], inbox.data.referrals.length];
      }),
    );
    expect(pending).toContainEqual([DEPARTMENT_NAMES.HEALTH, 1]);
    expect(await figuresOf(page, 'backlog-figures')).toEqual(pending);

    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('downloads a monthly table from the dashboard under the name the server gives, as the source prints it', async () => {
    const page = await openDashboard();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button[data-report="qingpu-3.csv"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const csv = Buffer.concat(chunks).toString('utf8');
    // UTF-8 with BOM, CRLF, the header first with 序号 first (表三: already assisted)
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0].split(',')[0]).toBe('序号');
    // the township's assisted people are listed, one row each
    for (const someone of township) expect(csv).toContain(someone.name);
    await page.locator('#reports-status', { hasText: '已下载' }).waitFor();
    expect(page.problems).toEqual([]);
  });

  it('shows an urgent case reported while the dashboard is open, and one reported while it was offline once back', async () => {
    const page = await openDashboard();
    await page.locator('#connection[data-state=open]').waitFor();
    await page.locator('#counters .counter').first().waitFor();
    const live = await reportUrgentCase(person.idNumber, '住房失火，老人独居');
    const first = page.locator(`#urgent li[data-case="${live}"]`);
    await first.waitFor({ timeout: 15_000 });
    expect(await first.textContent()).toContain('火灾 · 陈秀英');
    expect(await first.textContent()).toContain('重大疾病');

    await browser.context.setOffline(true);
    await page.locator('#connection[data-state=offline]').waitFor();
    const missed = await reportUrgentCase(neighbour.idNumber, '夜间厨房起火');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await page.locator(`#urgent li[data-case="${missed}"]`).count()).toBe(0);
    await browser.context.setOffline(false);

    await page.locator(`#urgent li[data-case="${missed}"]`).waitFor({ timeout: 15_000 });
    await page.locator('#connection[data-state=open]').waitFor();
    // newest first, and the case seen before the break is not shown twice
    expect(
      await page.locator('#urgent li').evaluateAll((items) => items.map((i) => i.getAttribute('data-case'))),
    ).toEqual([missed, live]);
    await page.locator('#counters .counter', { hasText: '未走访的急难个案' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
    expect(page.problems).toEqual([]);
    await page.close();
  });
});
