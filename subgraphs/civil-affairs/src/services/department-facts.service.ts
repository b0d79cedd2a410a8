import { Department } from '../../../../shared/departments';
import { log } from '../../../../shared/logging';
import { callSubgraph } from '../../../../shared/subgraph-client';

/** What the tier rules need from partner departments, per ID number. */
export interface DepartmentFacts {
  /** undefined: the department did not answer; null: no record */
  majorIllness: boolean | null | undefined;
  disabilityGrade: number | null | undefined;
}

export interface FactsResult {
  facts: Map<string, DepartmentFacts>;
  unavailable: Department[];
}

/**
 * Reads serious illness (health) and severe disability (disability federation) for many subjects at
 * once: one `_entities` call per department, never one per subject. A department that cannot answer
 * leaves its facts unknown, and the caller says so instead of guessing.
 */
export class DepartmentFactsService {
  constructor(
    private readonly urls: Record<Department, string>,
    private readonly timeoutMs: number,
  ) {}

  async facts(idNumbers: readonly string[], authorization: string): Promise<FactsResult> {
    const facts = new Map<string, DepartmentFacts>(
      idNumbers.map((id) => [id, { majorIllness: undefined, disabilityGrade: undefined }]),
    );
    const unavailable: Department[] = [];
    if (!idNumbers.length) return { facts, unavailable };
    const representations = idNumbers.map((idNumber) => ({ __typename: 'Subject', idNumber }));
    const ask = async (
      department: Department,
      selection: string,
      apply: (f: DepartmentFacts, s: any) => void,
    ) => {
      try {
        const data = await callSubgraph<{ _entities: any[] }>(
          department,
          this.urls[department],
          this.timeoutMs,
          `query Facts($r: [_Any!]!) { _entities(representations: $r) { ... on Subject { idNumber ${selection} } } }`,
          { r: representations },
          authorization,
        );
        data._entities.forEach((s, i) => apply(facts.get(idNumbers[i])!, s));
      } catch (e) {
        unavailable.push(department);
        log.warn(`tier facts: ${department} unavailable`, { error: (e as Error).message });
      }
    };
    await Promise.all([
      ask(
        Department.HEALTH,
        'medical { majorIllness }',
        (f, s) => (f.majorIllness = s?.medical ? s.medical.majorIllness : null),
      ),
      ask(
        Department.DISABILITY,
        'disability { grade }',
        (f, s) => (f.disabilityGrade = s?.disability ? s.disability.grade : null),
      ),
    ]);
    return { facts, unavailable };
  }
}
