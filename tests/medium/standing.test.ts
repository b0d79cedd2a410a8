/**
 * Stored standings (civil affairs' standing module) against a real PostgreSQL, no server: the sweep
 * for what time alone changes, partner facts with their as-of time, and "not yet received".
 */
import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { makeIdNumber } from '../../shared/id-number';
import { chinaDate } from '../../shared/policy/durations';
import { civilAffairs } from '../../subgraphs/civil-affairs/src/server';
import type { Services } from '../../subgraphs/civil-affairs/src/services';
import { buildSubject, rng } from '../fixtures/factories';
import { MediumDatabase, identity, mediumDatabase } from '../helpers/medium';

const DAY = 86_400_000;
const staff = identity(Department.CIVIL_AFFAIRS, Role.STAFF, '330381');
// as a verified service credential gives it: `service` comes from the signature, never the name
const service = (department: Department) => ({
  user: `service:${department.toLowerCase()}:partner`,
  department,
  role: Role.ADMIN,
  region: null,
  service: true as const,
});

describe('stored standing (medium: civil affairs services on a real database)', () => {
  let m: MediumDatabase<Services>;
  const r = rng(70);
  beforeAll(async () => {
    m = await mediumDatabase(civilAffairs);
  });
  afterAll(() => m?.close());

  const standingOf = async (idNumber: string) =>
    (await m.services.repositories.standing.byIdNumbers([idNumber]))[0];
  /** the partners' facts as the outboxes would deliver them: nothing unknown */
  const allKnown = async (idNumber: string, health = { majorIllness: false }) => {
    const at = new Date().toISOString();
    await m.services.standing.recordPartnerFacts(
      service(Department.HEALTH),
      Department.HEALTH,
      idNumber,
      health,
      at,
    );
    await m.services.standing.recordPartnerFacts(
      service(Department.DISABILITY),
      Department.DISABILITY,
      idNumber,
      { disabilityGrade: null },
      at,
    );
    await m.services.standing.recordPartnerFacts(
      service(Department.TRADE_UNION),
      Department.TRADE_UNION,
      idNumber,
      { unionMember: null, difficultWorkerLevel: null },
      at,
    );
  };

  it("moves a Rui'an 特困 subject to high-risk once the sweep passes the 70th birthday", async () => {
    // 70 years old tomorrow (China time)
    const tomorrow = chinaDate(new Date(Date.now() + DAY));
    const birthDate = `${Number(tomorrow.slice(0, 4)) - 70}${tomorrow.slice(4)}`;
    const person = buildSubject(r, '330381101009', {
      idNumber: makeIdNumber('330381', birthDate, 21),
      livingAlone: false,
      dispersedSupport: true,
      assistance: [{ category: 'TEKUN', status: 'ACTIVE', since: '2019-04-01', until: null }],
    });
    await m.services.registration.register(person, staff);
    await allKnown(person.idNumber);
    const before = await standingOf(person.idNumber);
    expect(before).toMatchObject({ tier: 'KEY', decision: expect.objectContaining({ certain: true }) });
    expect(before.validUntil!.toISOString()).toBe(new Date(`${tomorrow}T00:00:00+08:00`).toISOString());

    expect(await m.services.standing.sweep(new Date())).toBe(0); // nothing has changed with time yet
    expect(await m.services.standing.sweep(new Date(Date.now() + 2 * DAY))).toBeGreaterThanOrEqual(1);
    const after = await standingOf(person.idNumber);
    expect(after.tier).toBe('HIGH_RISK');
    expect(after.decision).toMatchObject({ rule: '70岁以上分散供养特困人员', certain: true });
    expect(after.computedAt.getTime()).toBeGreaterThan(before.computedAt.getTime());
  });

  it('keeps a tier uncertain, naming the fact, until the partner holding it has been heard from', async () => {
    const person = buildSubject(r, '330381101009', {
      livingAlone: false,
      dispersedSupport: false,
      assistance: [],
    });
    await m.services.registration.register(person, staff);
    const unheard = await standingOf(person.idNumber);
    expect(unheard.decision).toMatchObject({ certain: false });
    // the first rule it cannot decide is named: health has not been heard from
    expect(unheard.decision!.unknownFacts).toEqual(['重病']);
    await allKnown(person.idNumber, { majorIllness: true });
    expect((await standingOf(person.idNumber)).decision).toMatchObject({
      tier: 'KEY',
      rule: '重病人员',
      certain: true,
    });
  });

  it('never lets an older message overwrite newer facts (retries and reordering)', async () => {
    const person = buildSubject(r, '330381101009', {
      livingAlone: false,
      dispersedSupport: false,
      assistance: [],
    });
    await m.services.registration.register(person, staff);
    await allKnown(person.idNumber, { majorIllness: true });
    const health = service(Department.HEALTH);
    const old = new Date(Date.now() - 60_000).toISOString();
    await m.services.standing.recordPartnerFacts(
      health,
      Department.HEALTH,
      person.idNumber,
      { majorIllness: false },
      old,
    );
    expect((await standingOf(person.idNumber)).facts).toMatchObject({ majorIllness: true });
  });

  it('refuses partner facts from a person, or from another department, or facts it does not publish', async () => {
    const person = buildSubject(r, '330381101009');
    await m.services.registration.register(person, staff);
    const at = new Date().toISOString();
    const { standing } = m.services;
    await expect(
      standing.recordPartnerFacts(staff, Department.HEALTH, person.idNumber, { majorIllness: true }, at),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      standing.recordPartnerFacts(service(Department.DISABILITY), Department.HEALTH, person.idNumber, {}, at),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      standing.recordPartnerFacts(
        service(Department.HEALTH),
        Department.HEALTH,
        person.idNumber,
        { diagnosis: 'x' },
        at,
      ),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'facts.diagnosis' });
  });

  it('stores a batch of partner facts in one call, the newest of a person winning, and refuses a bad entry alone', async () => {
    const [a, b] = [buildSubject(r, '330381101009'), buildSubject(r, '330381101009')];
    for (const person of [a, b]) await m.services.registration.register(person, staff);
    const health = service(Department.HEALTH);
    const earlier = new Date(Date.now() - 60_000).toISOString();
    const later = new Date().toISOString();
    const refusals = await m.services.standing.recordPartnerFactsBatch(health, Department.HEALTH, [
      { idNumber: a.idNumber, facts: { majorIllness: true }, asOf: later },
      { idNumber: 'not-an-id-number', facts: { majorIllness: true }, asOf: later },
      { idNumber: a.idNumber, facts: { majorIllness: false }, asOf: earlier },
      { idNumber: b.idNumber, facts: { diagnosis: 'x' }, asOf: later },
      { idNumber: b.idNumber, facts: { majorIllness: true }, asOf: 'yesterday' },
    ]);
    expect(refusals.map((e) => ('field' in e ? e.field : null))).toEqual([
      null,
      'entries.1.idNumber',
      null,
      'entries.3.facts.diagnosis',
      'entries.4.asOf',
    ]);
    expect(refusals[1]).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(refusals[0]).toEqual({ idNumber: a.idNumber });
    // the later entry won over the earlier one that came after it in the batch
    expect((await standingOf(a.idNumber)).facts).toMatchObject({ majorIllness: true });
    // nothing of b was stored: health's fact about b is still not received
    expect((await standingOf(b.idNumber)).facts).not.toHaveProperty('majorIllness');
    await expect(
      m.services.standing.recordPartnerFactsBatch(service(Department.DISABILITY), Department.HEALTH, []),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      m.services.standing.recordPartnerFactsBatch(
        health,
        Department.HEALTH,
        Array.from({ length: 501 }, () => ({ idNumber: a.idNumber, facts: {}, asOf: later })),
      ),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'entries' });
  });
});
