/**
 * The monthly tables (issue 11): `monthlyReport` through the gateway and the files at
 * GET /reports/<table>.<csv|xlsx>, over the whole system in-process. Headers are compared cell by
 * cell with the source documents in ../shared/seeds; rows with data set up here, including a policy
 * of another department the person already receives and a charity match.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { REPORT_TABLES, ReportTableKey, escapeFormula } from '../../shared/monthly-report';
import { buildSubject, rng, villagesUnder } from '../fixtures/factories';
import { CONTRACT_DIR, contractOperations } from '../helpers/contract';
import { TestSystem, startSystem, token } from '../helpers/system';

const SEEDS_DIR = path.resolve(process.env.SEEDS_DIR ?? path.join(CONTRACT_DIR, '..', 'seeds'));
const seed = (prefix: string) =>
  readFileSync(
    path.join(
      SEEDS_DIR,
      readdirSync(SEEDS_DIR).find((f) => f.startsWith(prefix))!,
    ),
    'utf8',
  );

/** The header rows as the documents print them (tab-separated rows; Qianjiang's one cell a line). */
function seedHeaders(): Record<ReportTableKey, string[]> {
  const qingpu = seed('001_')
    .split('\n')
    .filter((l) => l.startsWith('序号\t'))
    .map((l) => l.trimEnd().split('\t'));
  const qianjiang = seed('004_').split('\n');
  const start = qianjiang.findIndex((l) => l.trim() === '序号');
  const qianjiangHeader: string[] = [];
  for (const line of qianjiang.slice(start)) {
    if (!line.trim()) break;
    qianjiangHeader.push(line.trim());
  }
  // Hangtou §三(一)2(2) lists the table's columns in a sentence: "具体包括：a、b（x、y）、c…等。"
  const sentence = /具体包括：(.+?)等。/.exec(seed('003_'))![1];
  const hangtou: string[] = [];
  let depth = 0;
  let cell = '';
  for (const ch of sentence) {
    if (ch === '、' && depth === 0) {
      hangtou.push(cell);
      cell = '';
      continue;
    }
    if (ch === '（') depth++;
    if (ch === '）') depth--;
    cell += ch;
  }
  hangtou.push(cell);
  return {
    'qingpu-1': qingpu[0],
    'qingpu-2': qingpu[1],
    'qingpu-3': qingpu[2],
    'qingpu-4': qingpu[3],
    'qianjiang-discoveries': qianjiangHeader,
    'hangtou-village': ['序号', ...hangtou],
  };
}

const MONTHLY_REPORT = contractOperations().find((o) => o.name === 'MonthlyReport')!.document;
const PAGE = `query($table: String!, $regionCode: String!, $month: String!, $first: Int, $after: String) {
  monthlyReport(table: $table, regionCode: $regionCode, month: $month, first: $first, after: $after) {
    columns rows endCursor hasNextPage
  }
}`;

/** This month in China time: the people registered by the test are in it. */
const MONTH = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('monthly reports', () => {
  let system: TestSystem;
  const r = rng(1100);
  const qingpu = villagesUnder('310118', 2);
  const village = qingpu[0];
  const hangtouVillage = villagesUnder('310115137', 1)[0];
  const qianjiangVillage = villagesUnder('500114', 1)[0];
  const person = (v: string, o: Record<string, unknown>) =>
    buildSubject(r, v, { residenceRegionCode: v, ...o } as never);
  /** 表三: receives 低保, and a disability care subsidy from the disability federation */
  const assisted = {
    ...person(village, {
      assistance: [{ category: 'DIBAO', status: 'ACTIVE', since: '2024-03-01', until: null }],
      household: { size: 2, monthlyIncomePerCapita: 800 },
    }),
    pension: 'RESIDENT',
    registeredAddress: '青浦区某镇某村12号',
    residenceAddress: '青浦区某镇某村12号',
    mainNeeds: '=HYPERLINK("http://evil")',
    handlingPlan: '+每月上门探访，协助申请护理补贴',
  };
  /** 表四: 低保边缘 ended */
  const ended = person(village, {
    assistance: [{ category: 'DIBIAN', status: 'ENDED', since: '2023-01-01', until: '2025-06-30' }],
    household: { size: 3, monthlyIncomePerCapita: 2600 },
  });
  /** 表一: never applied, income under Shanghai's 低保 line */
  const mayQualify = person(qingpu[1], {
    assistance: [],
    household: { size: 1, monthlyIncomePerCapita: 500 },
  });
  /** 表二: in hardship, income over every line */
  const notEligible = person(village, {
    assistance: [],
    household: { size: 4, monthlyIncomePerCapita: 5000 },
  });
  const hangtou = {
    ...person(hangtouVillage, {
      assistance: [{ category: 'TEKUN', status: 'ACTIVE', since: '2022-05-01', until: null }],
      registrationType: 'RURAL',
      maritalStatus: 'WIDOWED',
      employment: 'UNABLE_TO_WORK',
    }),
    registeredAddress: '航头镇某村3组',
    residenceAddress: '航头镇敬老院',
  };
  const found = person(qianjiangVillage, { assistance: [] });
  let resourceName: string;

  const staff = (region = '310118') => system.as(Department.CIVIL_AFFAIRS, Role.STAFF, region);
  const file = async (url: string, region = '310118', department = Department.CIVIL_AFFAIRS) =>
    fetch(`${system.gatewayUrl.replace(/\/graphql$/, '')}${url}`, {
      headers: { authorization: `Bearer ${await token(department, Role.STAFF, region)}` },
    });
  const report = async (table: string, regionCode = '310118') => {
    const res = await staff(regionCode === '310118' ? '310118' : regionCode)(MONTHLY_REPORT, {
      table,
      regionCode,
      month: MONTH,
    });
    expect(res.errors).toBeUndefined();
    return res.data.monthlyReport as { columns: string[]; rows: string[][]; generatedAt: string };
  };
  const rowOf = (rep: { columns: string[]; rows: string[][] }, idNumber: string) => {
    const row = rep.rows.find((cells) => cells.includes(idNumber));
    return row && Object.fromEntries(rep.columns.map((c, i) => [c, row[i]]));
  };

  beforeAll(async () => {
    system = await startSystem({ env: { OUTBOX_INTERVAL_MS: '3600000' } });
    const as = { role: Role.ADMIN, region: null };
    for (const p of [assisted, ended, mayQualify, notEligible, hangtou, found])
      await system.write(Department.CIVIL_AFFAIRS, 'registerSubject', 'SubjectInput', p, as);
    await system.write(
      Department.DISABILITY,
      'recordDisability',
      'DisabilityInput',
      {
        idNumber: hangtou.idNumber,
        certificateNumber: `${hangtou.idNumber}42`,
        category: 'PHYSICAL',
        grade: 2,
      },
      as,
    );
    for (const p of [assisted, hangtou])
      await system.write(
        Department.HEALTH,
        'recordMedical',
        'MedicalInput',
        {
          idNumber: p.idNumber,
          insuranceType: 'RESIDENT',
          majorIllness: p === hangtou,
          outOfPocketLast12Months: 1000,
        },
        as,
      );
    // a policy of another department the person already receives (a completed referral's enrolment)
    await system.subgraphs[Department.DISABILITY].server.services.kit.programs.enroll(
      assisted.idNumber,
      'DISABILITY:care-subsidy',
      '2025-01-01',
    );
    const charity = system.as(Department.CHARITY, Role.STAFF, '310118');
    const added = await charity(
      `mutation($input: CharityResourceInput!) { addCharityResource(input: $input) { id name } }`,
      {
        input: {
          name: '青浦区慈善基金会助老项目',
          kind: 'CHARITY_PROJECT',
          regionCode: '310118',
          capacity: 3,
          tags: ['CARE'],
        },
      },
    );
    expect(added.errors).toBeUndefined();
    resourceName = added.data.addCharityResource.name;
    const matched = await charity(
      `mutation($input: CharityMatchInput!) { matchCharityResource(input: $input) { id } }`,
      { input: { idNumber: assisted.idNumber, resourceId: added.data.addCharityResource.id } },
    );
    expect(matched.errors).toBeUndefined();
    const coordinator = await system.as(
      Department.CIVIL_AFFAIRS,
      Role.ADMIN,
    )(`mutation { addCoordinator(villageCode: "${village}", name: "王顾问") { id } }`);
    expect(coordinator.errors).toBeUndefined();
    const discovery = await system.as(
      Department.CIVIL_AFFAIRS,
      Role.STAFF,
      '500114',
    )(`mutation($input: DiscoveryInput!) { fileDiscovery(input: $input) { id } }`, {
      input: {
        idNumber: found.idNumber,
        method: 'VISIT',
        category: 'MAY_QUALIFY_NOT_APPLIED',
        suspectedAssistance: ['DIBAO', 'MEDICAL'],
        householdSituation: '独居，无固定收入',
        note: '@村委反映',
      },
    });
    expect(discovery.errors).toBeUndefined();
  });
  afterAll(() => system?.close());

  it.each(Object.keys(REPORT_TABLES) as ReportTableKey[])(
    "gives %s the source document's header row, cell by cell, 序号 first",
    async (table) => {
      const expected = seedHeaders()[table];
      const regionCode =
        table === 'hangtou-village' ? '310115137' : table === 'qianjiang-discoveries' ? '500114' : '310118';
      const { columns } = await report(table, regionCode);
      expect(columns[0]).toBe('序号');
      expect(columns).toHaveLength(expected.length);
      columns.forEach((header, i) => expect([i, header]).toEqual([i, expected[i]]));
    },
  );

  it('sorts each person into the Qingpu table their situation says, not by hand', async () => {
    const tables = await Promise.all([1, 2, 3, 4].map((n) => report(`qingpu-${n}`)));
    const where = (idNumber: string) => tables.flatMap((t, i) => (rowOf(t, idNumber) ? [i + 1] : []));
    expect(where(mayQualify.idNumber)).toEqual([1]);
    expect(where(notEligible.idNumber)).toEqual([2]);
    expect(where(assisted.idNumber)).toEqual([3]);
    expect(where(ended.idNumber)).toEqual([4]);
    expect(where(hangtou.idNumber)).toEqual([]);
    expect(rowOf(tables[0], mayQualify.idNumber)!['拟可准入民政救助政策']).toContain('城乡最低生活保障');
  });

  it("fills 表三 from the registry, health's insurance, another department's policy and a charity match", async () => {
    const row = rowOf(await report('qingpu-3'), assisted.idNumber)!;
    expect(row).toMatchObject({
      '所属村（居）委': expect.any(String),
      姓名: assisted.name,
      身份证: assisted.idNumber,
      家庭基本保障: '低保家庭',
      家庭人数: '2',
      家庭住址: '青浦区某镇某村12号',
      联系方式: assisted.phone,
      准入救助时间: '2024-03-01',
      家庭主要困难需求: '=HYPERLINK("http://evil")',
      衔接时间: TODAY,
      村级救助顾问姓名: '王顾问',
      处理方案: '+每月上门探访，协助申请护理补贴',
    });
    expect(row['所属村（居）委']).not.toBe('');
    expect(row['叠加政策']).toContain('重度残疾人护理补贴（残联）');
    expect(row['叠加政策']).toContain('城乡最低生活保障');
    expect(row['可衔接其他政策或社会帮扶资源']).toContain(`慈善结对：${resourceName}`);
    const first = rowOf(await report('qingpu-1'), mayQualify.idNumber)!;
    expect(first['基本社会保障']).toBe('');
    const one = await report('qingpu-3');
    expect(one.rows.map((cells) => cells[0])).toEqual(one.rows.map((_c, i) => String(i + 1)));
  });

  it("prints 基本社会保障 from the registry's pension and health's medical insurance", async () => {
    // 表三 prints 家庭基本保障 instead: a person of 表二 with both is registered here
    const both = {
      ...person(village, { assistance: [], household: { size: 1, monthlyIncomePerCapita: 9000 } }),
      pension: 'EMPLOYEE',
    };
    await system.write(Department.CIVIL_AFFAIRS, 'registerSubject', 'SubjectInput', both, {
      role: Role.ADMIN,
      region: null,
    });
    await system.write(
      Department.HEALTH,
      'recordMedical',
      'MedicalInput',
      { idNumber: both.idNumber, insuranceType: 'EMPLOYEE', majorIllness: false, outOfPocketLast12Months: 0 },
      { role: Role.ADMIN, region: null },
    );
    const row = rowOf(await report('qingpu-2'), both.idNumber)!;
    expect(row['基本社会保障']).toBe('职工养老保险；职工医保');
  });

  it("keeps the new addresses as contact data: civil affairs reads them, another department's window does not", async () => {
    const query = `query($id: String!) { subjectByIdNumber(idNumber: $id) { pension registeredAddress residenceAddress mainNeeds handlingPlan } }`;
    const own = await staff()(query, { id: assisted.idNumber });
    expect(own.data.subjectByIdNumber).toEqual({
      pension: 'RESIDENT',
      registeredAddress: '青浦区某镇某村12号',
      residenceAddress: '青浦区某镇某村12号',
      mainNeeds: '=HYPERLINK("http://evil")',
      handlingPlan: '+每月上门探访，协助申请护理补贴',
    });
    const other = await system.as(Department.HEALTH, Role.WINDOW, '310118')(query, { id: assisted.idNumber });
    expect(other.data.subjectByIdNumber).toMatchObject({ registeredAddress: null, residenceAddress: null });
    expect(other.extensions!.withheld).toEqual(
      expect.arrayContaining([
        { path: ['subjectByIdNumber', 'registeredAddress'], reason: 'CONTACT_NOT_SHARED' },
        { path: ['subjectByIdNumber', 'residenceAddress'], reason: 'CONTACT_NOT_SHARED' },
      ]),
    );
  });

  it("fills Hangtou's per-village table with health's illness and the disability federation's certificate", async () => {
    const row = rowOf(await report('hangtou-village', '310115137'), hangtou.idNumber)!;
    expect(row).toMatchObject({
      '人员分类（城乡低保家庭对象、低收入困难家庭对象等）': '特困供养对象',
      身份证号: hangtou.idNumber,
      户籍性质: '农村户籍',
      户籍地址: '航头镇某村3组',
      居住地址: '航头镇敬老院',
      婚姻状况: '丧偶',
      '健康状况（大重病、残疾情况）': '大重病；肢体残疾二级',
      就业状况: '无劳动能力',
    });
    expect(row['享受救助情况']).toContain('特困供养对象（2022-05-01起）');
  });

  it("lists Qianjiang's discoveries of the month, one row each", async () => {
    const rep = await report('qianjiang-discoveries', '500114');
    expect(rep.rows).toHaveLength(1);
    const row = Object.fromEntries(rep.columns.map((c, i) => [c, rep.rows[0][i]]));
    expect(row).toMatchObject({
      序号: '1',
      '发现方式（走访发现、信息推送发现、工作发现）': '走访发现',
      对象姓名: found.name,
      家庭基本情况: '独居，无固定收入',
      '乡镇（街道）办理结果（不符合救助条件、纳入救助范畴和纳入时间）': '待调查',
      备注: '@村委反映',
    });
    expect(
      row[
        '疑似符合救助（城乡低保、特困供养、临时救助、医疗救助、教育救助、住房救助、就业救助、受灾人员救助等）'
      ],
    ).toBe('城乡低保、医疗救助');
  });

  it('pages with first / after, numbering on across pages', async () => {
    const ask = (after?: string) =>
      staff()(PAGE, { table: 'qingpu-2', regionCode: '310118', month: MONTH, first: 1, after });
    const one = await ask();
    expect(one.errors).toBeUndefined();
    expect(one.data.monthlyReport).toMatchObject({ hasNextPage: true, endCursor: expect.any(String) });
    expect(one.data.monthlyReport.rows).toHaveLength(1);
    const two = await ask(one.data.monthlyReport.endCursor);
    expect(two.data.monthlyReport.rows[0][0]).toBe('2');
    expect(two.data.monthlyReport.rows[0]).not.toEqual(one.data.monthlyReport.rows[0]);
  });

  it('writes CSV: UTF-8 BOM, CRLF, the header first, the name, township and month in the file name, formulas escaped', async () => {
    const res = await file(`/reports/qingpu-3.csv?region=310118&month=${MONTH}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const disposition = decodeURIComponent(res.headers.get('content-disposition')!);
    expect(disposition).toContain(`attachment; filename="qingpu-3_310118_${MONTH}.csv"`);
    expect(disposition).toContain(`${REPORT_TABLES['qingpu-3'].title}_青浦区_${MONTH}.csv`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const lines = text.split('\r\n');
    expect(lines[0].split(',')).toEqual(seedHeaders()['qingpu-3']);
    const line = lines.find((l) => l.includes(assisted.idNumber))!;
    expect(line).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(line).toContain("'+每月上门探访");
    expect(escapeFormula('-1+1')).toBe("'-1+1");
    expect(escapeFormula('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('writes XLSX: title and 所属街镇 line, frozen header, widths, ID numbers as text, dates as dates', async () => {
    const res = await file(`/reports/qingpu-3.xlsx?region=310118&month=${MONTH}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0];
    const [year, month] = MONTH.split('-');
    expect(sheet.getRow(1).getCell(1).value).toBe(REPORT_TABLES['qingpu-3'].title);
    expect(sheet.getRow(2).getCell(1).value).toBe(`所属街镇：青浦区\u3000\u3000${year}年${Number(month)}月`);
    expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual(seedHeaders()['qingpu-3']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.getColumn(5).width).toBe(21);
    const row = sheet
      .getRows(4, sheet.rowCount - 3)!
      .find((rw) => rw.getCell(5).value === assisted.idNumber)!;
    expect(row).toBeDefined();
    const id = row.getCell(5);
    expect(id.type).toBe(ExcelJS.ValueType.String);
    expect(id.numFmt).toBe('@');
    const since = row.getCell(11);
    expect(since.type).toBe(ExcelJS.ValueType.Date);
    expect((since.value as Date).toISOString().slice(0, 10)).toBe('2024-03-01');
    expect(row.getCell(8).value).toBe(2);
    expect(row.getCell(13).value).toBe(`'=HYPERLINK("http://evil")`);
  });

  it.each([
    ['/reports/qingpu-9.csv?region=310118&month=2026-11', 'table'],
    ['/reports/qingpu-1.csv?region=31011&month=2026-11', 'region'],
    ['/reports/qingpu-1.csv?region=310118&month=2026-13', 'month'],
    ['/reports/qingpu-1.csv?region=310118', 'month'],
    ['/reports/qingpu-1.pdf?region=310118&month=2026-11', 'format'],
    // a well-formed code in the caller's region that names no division
    ['/reports/qingpu-1.csv?region=310118999&month=2026-11', 'region'],
  ])('refuses %s with 400 naming %s', async (url, field) => {
    const res = await file(url);
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(body.errors[0].message).toContain(field);
  });

  it("refuses a region outside the caller's as GraphQL does (403 FORBIDDEN), and other departments", async () => {
    const outside = await file(`/reports/qingpu-1.csv?region=310118&month=${MONTH}`, '330381');
    expect(outside.status).toBe(403);
    expect(((await outside.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
    const graphql = await staff('330381')(MONTHLY_REPORT, {
      table: 'qingpu-1',
      regionCode: '310118',
      month: MONTH,
    });
    expect(graphql.errors![0].extensions!.code).toBe('FORBIDDEN');
    const health = await file(
      `/reports/qingpu-1.csv?region=310118&month=${MONTH}`,
      '310118',
      Department.HEALTH,
    );
    expect(health.status).toBe(403);
    const anonymous = await fetch(
      `${system.gatewayUrl.replace(/\/graphql$/, '')}/reports/qingpu-1.csv?region=310118&month=${MONTH}`,
    );
    expect(anonymous.status).toBe(401);
  });

  it("audits a file download as a read of each person it lists, in the person's audit trail", async () => {
    const res = await file(`/reports/qingpu-4.xlsx?region=310118&month=${MONTH}`);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const trail = await system.as(Department.CIVIL_AFFAIRS, Role.ADMIN)(
      `query($id: String!) { auditTrail(idNumber: $id) { entries { operation kind recordedBy fields user } } }`,
      { id: ended.idNumber },
    );
    expect(trail.errors).toBeUndefined();
    expect(trail.data.auditTrail.entries).toContainEqual({
      operation: 'monthlyReport',
      kind: 'READ',
      recordedBy: 'CIVIL_AFFAIRS',
      fields: [`qingpu-4 ${MONTH}`],
      user: 'test-civil_affairs-staff',
    });
  });
});
