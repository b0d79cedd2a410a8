/**
 * What the lookup benchmarks (bench/lookup.ts, bench/cpu.ts) send and the people they send it about:
 * the three reception-window queries, and synthetic subjects registered through the gateway with
 * disability, medical and (every third) union records.
 */
import { Role } from '../shared/auth';
import { Department } from '../shared/departments';
import {
  buildDisability,
  buildMedical,
  buildSubject,
  buildUnionMember,
  rng,
  villagesUnder,
} from '../tests/fixtures/factories';
import { token as signFor, post } from '../tests/helpers/system';

/** the contract's CrossLineLookup: tier and every department's eligibility */
export const LOOKUP = `query CrossLineLookup($id: String!) { subjectByIdNumber(idNumber: $id) {
  id idNumber name sex birthDate region { code name level } household { size monthlyIncomePerCapita }
  assistance { category status since until } tier disability { certificateNumber category grade }
  tradeUnion { member difficultWorker { level since reason } } medical { insuranceType majorIllness outOfPocketLast12Months }
  charity { activeMatches { resource { id name } status } }
  eligibility { program { id name department } eligible enrolled reasons } } }`;
/** the five departments' records, without the rules (tier, eligibility) */
export const RECORDS = `query Records($id: String!) { subjectByIdNumber(idNumber: $id) {
  name assistance { category status } disability { certificateNumber category grade }
  tradeUnion { member difficultWorker { level } } medical { insuranceType majorIllness outOfPocketLast12Months }
  charity { activeMatches { resource { id name } status } } } }`;
/** the name alone: one subgraph, the floor of a lookup through a gateway */
export const NAME = `query Name($id: String!) { subjectByIdNumber(idNumber: $id) { name } }`;
export const QUERIES = [
  ['name only', NAME],
  ['five departments’ records', RECORDS],
  ['full CrossLineLookup', LOOKUP],
] as const;

/**
 * what the lookup benchmarks run the platform with: no rate limit, and a subgraph time limit far
 * above any lookup's (registering 25 people in one request on a loaded machine can take seconds;
 * Hive Gateway, the other side of the comparison, has none)
 */
export const BENCH_ENV = { RATE_LIMIT_PER_MINUTE: '0', SUBGRAPH_TIMEOUT_MS: '60000' };

/** registers `count` people (seeded: the same people every run) and returns them */
export async function registerPeople(gatewayUrl: string, count: number) {
  const r = rng(99);
  const villages = villagesUnder('330381', 10);
  const people = Array.from({ length: count }, (_, i) => buildSubject(r, villages[i % villages.length]));
  const batch = async (department: Department, field: string, type: string, items: unknown[]) => {
    const bearer = await signFor(department, Role.ADMIN);
    for (let i = 0; i < items.length; i += 25) {
      const chunk = items.slice(i, i + 25);
      const q = `mutation(${chunk.map((_, j) => `$i${j}: ${type}!`).join(',')}) { ${chunk.map((_, j) => `m${j}: ${field}(input: $i${j}) { __typename }`).join(' ')} }`;
      const { errors } = await post(
        gatewayUrl,
        q,
        Object.fromEntries(chunk.map((c, j) => [`i${j}`, c])),
        bearer,
      );
      if (errors) throw new Error(errors[0].message);
    }
  };
  await batch(Department.CIVIL_AFFAIRS, 'registerSubject', 'SubjectInput', people);
  await batch(
    Department.DISABILITY,
    'recordDisability',
    'DisabilityInput',
    people.map((p) => buildDisability(r, p.idNumber)),
  );
  await batch(
    Department.HEALTH,
    'recordMedical',
    'MedicalInput',
    people.map((p) => buildMedical(r, p.idNumber)),
  );
  await batch(
    Department.TRADE_UNION,
    'recordUnionMember',
    'UnionMemberInput',
    people.filter((_, i) => i % 3 === 0).map((p) => buildUnionMember(r, p.idNumber)),
  );

  return people;
}
