import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { buildSubject, rng, villagesUnder } from '../fixtures/factories';
import { TestSystem, startSystem } from '../helpers/system';
import { HEALTH_CHANGE } from '../../subgraphs/health/src/services/medical.service';

const REGISTER = `mutation($i: SubjectInput!) { registerSubject(input: $i) { id } }`;
const WARNINGS = `query($r: String!) { earlyWarnings(regionCode: $r) { id label status detail source subject { idNumber } discovery { method suspectedAssistance } notes { status note } } }`;

describe("early warnings for the village advisor (Hangtou's pack)", () => {
  let system: TestSystem;
  let staff: ReturnType<TestSystem['as']>;
  const r = rng(8);
  const village = villagesUnder('310115137', 1)[0];
  const person = buildSubject(r, village, { household: { size: 3, monthlyIncomePerCapita: 2000 } });
  const warningsOf = async (idNumber: string, region = '310115137') => {
    const { data, errors } = await staff(WARNINGS, { r: region });
    expect(errors).toBeUndefined();
    return data.earlyWarnings.filter((w: any) => w.subject.idNumber === idNumber);
  };

  beforeAll(async () => {
    system = await startSystem({ env: { OUTBOX_INTERVAL_MS: '3600000' } });
    staff = system.as(Department.CIVIL_AFFAIRS, Role.STAFF, '310115');
    expect((await staff(REGISTER, { i: person })).errors).toBeUndefined();
  });
  afterAll(() => system?.close());

  it('raises a warning and files a discovery when income drops past the line, in the same write', async () => {
    expect(
      (await staff(REGISTER, { i: { ...person, household: { size: 3, monthlyIncomePerCapita: 1300 } } }))
        .errors,
    ).toBeUndefined();
    const found = await warningsOf(person.idNumber);
    expect(found).toEqual([
      expect.objectContaining({
        label: '家庭月人均收入下降 30% 以上',
        status: 'ACTIVE',
        detail: '月人均收入下降 35%',
        discovery: { method: 'IN_WORK', suspectedAssistance: ['DIBAO', 'TEMPORARY'] },
        source: expect.stringContaining('航府〔2022〕34号'),
      }),
    ]);
  });

  it('does not warn on a small drop; warns without a discovery when the household shrinks', async () => {
    await staff(REGISTER, { i: { ...person, household: { size: 3, monthlyIncomePerCapita: 1200 } } });
    expect(await warningsOf(person.idNumber)).toHaveLength(1);
    await staff(REGISTER, { i: { ...person, household: { size: 2, monthlyIncomePerCapita: 1200 } } });
    const shrank = (await warningsOf(person.idNumber)).find((w: any) => w.label.includes('人口减少'));
    expect(shrank).toMatchObject({ status: 'ACTIVE', discovery: null });
  });

  it('moves active → acknowledged → resolved with notes, and no further', async () => {
    const [w] = await warningsOf(person.idNumber);
    const ack = await staff(
      `mutation($id: ID!) { acknowledgeWarning(id: $id, note: "已电话联系") { status } }`,
      { id: w.id },
    );
    expect(ack.data.acknowledgeWarning.status).toBe('ACKNOWLEDGED');
    const done = await staff(
      `mutation($id: ID!) { resolveWarning(id: $id, note: "已协助申请临时救助") { status notes { status note } } }`,
      { id: w.id },
    );
    expect(done.data.resolveWarning).toEqual({
      status: 'RESOLVED',
      notes: [
        { status: 'ACKNOWLEDGED', note: '已电话联系' },
        { status: 'RESOLVED', note: '已协助申请临时救助' },
      ],
    });
    const again = await staff(`mutation($id: ID!) { acknowledgeWarning(id: $id, note: "x") { status } }`, {
      id: w.id,
    });
    expect(again.errors![0].extensions!.code).toBe('CONFLICT');
  });

  it('warns when health records a new major illness (delivered from its outbox), once', async () => {
    const health = system.as(Department.HEALTH, Role.STAFF, '310115');
    const record = (ill: boolean) =>
      health(`mutation($i: MedicalInput!) { recordMedical(input: $i) { majorIllness } }`, {
        i: {
          idNumber: person.idNumber,
          insuranceType: 'RESIDENT',
          majorIllness: ill,
          outOfPocketLast12Months: 100,
        },
      });
    await record(true);
    await record(true);
    // the illness travels as its own message; the record's facts for tiers go in the same outbox
    const outbox = system.subgraphs.HEALTH.server.services.kit.outbox;
    expect(await outbox.drain(HEALTH_CHANGE)).toBe(1);
    const ill = (await warningsOf(person.idNumber)).filter((w: any) => w.label.includes('重病'));
    expect(ill).toEqual([
      expect.objectContaining({
        status: 'ACTIVE',
        discovery: { method: 'DATA_PUSH', suspectedAssistance: ['MEDICAL'] },
      }),
    ]);
  });

  it("raises nothing where the region's pack has no early-warning rules (Rui'an)", async () => {
    const ruian = buildSubject(r, '330381101009', { household: { size: 3, monthlyIncomePerCapita: 2000 } });
    const admin = system.as(Department.CIVIL_AFFAIRS);
    await admin(REGISTER, { i: ruian });
    await admin(REGISTER, { i: { ...ruian, household: { size: 1, monthlyIncomePerCapita: 500 } } });
    const { data } = await admin(WARNINGS, { r: '330381' });
    expect(data.earlyWarnings.filter((w: any) => w.subject.idNumber === ruian.idNumber)).toEqual([]);
  });
});
