import { Department } from '../../../../../shared/departments';
import { log } from '../../../../../shared/logging';
import type { Facts } from '../../../../../shared/policy/conditions';
import type { ProgramResult } from '../../../../../shared/policy/programs';
import { programsField } from '../../../../../shared/partner-programs';
import { callSubgraph } from '../../../../../shared/subgraph-client';

/** What tier and eligibility rules need from partner departments, per ID number. */
export interface DepartmentFacts {
  /** undefined: the department did not answer; null: no record */
  majorIllness: boolean | null | undefined;
  outOfPocketLast12Months: number | null | undefined;
  insuranceType: string | null | undefined;
  disabilityGrade: number | null | undefined;
  unionMember: boolean | null | undefined;
  difficultWorkerLevel: string | null | undefined;
}

export interface FactsResult {
  facts: Map<string, DepartmentFacts>;
  unavailable: Department[];
}

const QUERIES: Array<{
  department: Department;
  selection: string;
  apply: (f: DepartmentFacts, s: any) => void;
}> = [
  {
    department: Department.HEALTH,
    selection: 'medical { majorIllness outOfPocketLast12Months insuranceType }',
    apply: (f, s) => {
      f.majorIllness = s?.medical ? s.medical.majorIllness : null;
      f.outOfPocketLast12Months = s?.medical ? s.medical.outOfPocketLast12Months : null;
      f.insuranceType = s?.medical ? s.medical.insuranceType : null;
    },
  },
  {
    department: Department.DISABILITY,
    selection: 'disability { grade }',
    apply: (f, s) => (f.disabilityGrade = s?.disability ? s.disability.grade : null),
  },
  {
    department: Department.TRADE_UNION,
    selection: 'tradeUnion { member difficultWorker { level } }',
    apply: (f, s) => {
      f.unionMember = s?.tradeUnion ? s.tradeUnion.member : null;
      f.difficultWorkerLevel = s?.tradeUnion?.difficultWorker?.level ?? null;
    },
  },
];

/**
 * Reads partner departments' facts and program answers for many subjects at once: one `_entities`
 * call per department, never one per subject. A department that cannot answer leaves its facts
 * unknown, and the caller says so instead of guessing.
 */
export class DepartmentFactsService {
  constructor(
    private readonly urls: Record<Department, string>,
    private readonly timeoutMs: number,
  ) {}

  async facts(idNumbers: readonly string[], authorization: string): Promise<FactsResult> {
    const facts = new Map<string, DepartmentFacts>(
      idNumbers.map((id) => [
        id,
        {
          majorIllness: undefined,
          outOfPocketLast12Months: undefined,
          insuranceType: undefined,
          disabilityGrade: undefined,
          unionMember: undefined,
          difficultWorkerLevel: undefined,
        },
      ]),
    );
    const unavailable: Department[] = [];
    if (!idNumbers.length) return { facts, unavailable };
    const representations = idNumbers.map((idNumber) => ({ __typename: 'Subject', idNumber }));
    await Promise.all(
      QUERIES.map(async ({ department, selection, apply }) => {
        try {
          const data = await this.entities(department, selection, representations, authorization);
          data.forEach((s, i) => apply(facts.get(idNumbers[i])!, s));
        } catch (e) {
          unavailable.push(department);
          log.warn(`facts: ${department} unavailable`, { error: (e as Error).message });
        }
      }),
    );
    return { facts, unavailable };
  }

  /** One partner's programs for each person, evaluated by that partner on the facts given (`@requires`). */
  async programs(
    department: Department,
    people: Array<{ idNumber: string; facts: Facts }>,
    authorization: string,
  ): Promise<ProgramResult[][]> {
    const field = programsField(department);
    const representations = people.map((p) => ({
      __typename: 'Subject',
      idNumber: p.idNumber,
      eligibilityFacts: p.facts,
    }));
    const data = await this.entities(department, field, representations, authorization);
    return data.map((s) => (s?.[field] ?? []) as ProgramResult[]);
  }

  private async entities(
    department: Department,
    selection: string,
    representations: object[],
    authorization: string,
  ): Promise<any[]> {
    const data = await callSubgraph<{ _entities: any[] }>(
      department,
      this.urls[department],
      this.timeoutMs,
      `query Facts($r: [_Any!]!) { _entities(representations: $r) { ... on Subject { idNumber ${selection} } } }`,
      { r: representations },
      authorization,
    );
    return data._entities;
  }
}
