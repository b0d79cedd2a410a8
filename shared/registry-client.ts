/**
 * How a partner department asks civil affairs (the registry) about subjects and region codes before
 * it writes, over GraphQL with the department's own service credential — never the user's token,
 * which opens nothing between departments. The caller then checks the user's own rights (region)
 * against what the registry answered. Departments never read each other's databases.
 */
import type { ServiceCredential } from './auth';
import { Department } from './departments';
import { InvalidInputError, NotFoundError } from './errors';
import { regionLevel } from './regions';
import { callSubgraph } from './subgraph-client';

export interface RegistrySubject {
  idNumber: string;
  regionCode: string;
  residenceRegionCode: string;
}

export class RegistryClient {
  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly credential: ServiceCredential,
  ) {}

  /** The registered subjects among `idNumbers` (one request for all of them). */
  async subjects(idNumbers: string[]): Promise<Map<string, RegistrySubject>> {
    const data = await this.request<{ _entities: Array<any | null> }>(
      `query RegistrySubjects($r: [_Any!]!) {
         _entities(representations: $r) {
           ... on Subject { idNumber region { code } residenceRegion { code } }
         }
       }`,
      { r: idNumbers.map((idNumber) => ({ __typename: 'Subject', idNumber })) },
    );
    const found = new Map<string, RegistrySubject>();
    for (const s of data._entities) {
      if (s)
        found.set(s.idNumber, {
          idNumber: s.idNumber,
          regionCode: s.region.code,
          residenceRegionCode: s.residenceRegion.code,
        });
    }
    return found;
  }

  /** The subject, or NOT_FOUND naming `field`: departments only keep records of registered people. */
  async requireSubject(idNumber: string, field = 'idNumber'): Promise<RegistrySubject> {
    const subject = (await this.subjects([idNumber])).get(idNumber);
    if (!subject) throw new NotFoundError('subject with ID number', idNumber, field);
    return subject;
  }

  /** Refuses a region code the division table does not know, naming `field`. */
  async requireRegion(code: string, field = 'regionCode'): Promise<void> {
    // only a well-formed code is echoed back: anything else is the client's text, and may be anything
    if (regionLevel(code) === undefined)
      throw new InvalidInputError(field, 'must be a 2, 4, 6, 9 or 12-digit division code', 'FORMAT');
    const data = await this.request<{ regions: Array<{ code: string }> }>(
      `query RegistryRegions($codes: [String!]!) { regions(codes: $codes) { code } }`,
      { codes: [code] },
    );
    if (!data.regions.some((r) => r.code === code)) {
      throw new InvalidInputError(field, `unknown region code ${code}`, 'UNKNOWN_REGION');
    }
  }

  private async request<T>(query: string, variables: unknown): Promise<T> {
    return callSubgraph<T>(
      Department.CIVIL_AFFAIRS,
      this.url,
      this.timeoutMs,
      query,
      variables,
      await this.credential.authorization(),
    );
  }
}
