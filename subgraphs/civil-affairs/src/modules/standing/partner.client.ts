import type { ServiceCredential } from '../../../../../shared/auth';
import type { Department } from '../../../../../shared/departments';
import type { PartnerFactsAnswer } from '../../../../../shared/partner-facts';
import { programsField } from '../../../../../shared/partner-programs';
import type { Facts } from '../../../../../shared/policy/conditions';
import type { ProgramResult } from '../../../../../shared/policy/programs';
import { callSubgraph } from '../../../../../shared/subgraph-client';

/**
 * What civil affairs asks a partner outside any read, with its own service credential: the facts
 * the partner publishes (background catch-up), and a person's programs there when a referral is
 * created (a write, which must name a program the department really offers).
 */
export class PartnerClient {
  constructor(
    private readonly urls: Record<Department, string>,
    private readonly timeoutMs: number,
    private readonly credential: ServiceCredential,
  ) {}

  async facts(department: Department, idNumbers: string[]): Promise<PartnerFactsAnswer[]> {
    const data = await this.call<{ partnerFacts: PartnerFactsAnswer[] }>(
      department,
      `query PartnerFacts($ids: [String!]!) { partnerFacts(idNumbers: $ids) }`,
      { ids: idNumbers },
    );
    return data.partnerFacts;
  }

  async programs(department: Department, idNumber: string, facts: Facts): Promise<ProgramResult[]> {
    const field = programsField(department);
    const data = await this.call<{ _entities: Array<Record<string, ProgramResult[] | null> | null> }>(
      department,
      `query Programs($r: [_Any!]!) { _entities(representations: $r) { ... on Subject { ${field} } } }`,
      { r: [{ __typename: 'Subject', idNumber, eligibilityFacts: facts }] },
    );
    return data._entities[0]?.[field] ?? [];
  }

  private async call<T>(department: Department, query: string, variables: unknown): Promise<T> {
    return callSubgraph<T>(
      department,
      this.urls[department],
      this.timeoutMs,
      query,
      variables,
      await this.credential.authorization(),
    );
  }
}
