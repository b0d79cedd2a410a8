/**
 * How a partner department asks civil affairs (the registry) about subjects and region codes before
 * it writes, over GraphQL with the department's own service credential — never the user's token,
 * which opens nothing between departments. The caller then checks the user's own rights (region)
 * against what the registry answered. Departments never read each other's databases.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, getArgumentValues } from 'graphql';
import type { ServiceCredential } from './auth';
import { Department } from './departments';
import { InvalidInputError, NotFoundError } from './errors';
import { parseIdNumber } from './id-number';
import { regionLevel } from './regions';
import { requestScoped } from './request-context';
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

  /**
   * The subject, or NOT_FOUND naming `field`: departments only keep records of registered people.
   * Within a request, the people its writes named (`registryPrefetchPlugin`) are asked about
   * together on the first call, and each answer is kept for the rest of the request.
   */
  async requireSubject(idNumber: string, field = 'idNumber'): Promise<RegistrySubject> {
    const scope = requestScoped(REQUEST_REGISTRY, newRequestRegistry);
    let answer = scope?.answers.get(idNumber);
    if (!answer) {
      const ask = scope?.named.has(idNumber)
        ? [...scope.named].filter((id) => !scope.answers.has(id))
        : [idNumber];
      const asked = this.subjects(ask);
      for (const id of ask) {
        const one = asked.then((found) => found.get(id));
        // a failed call is not kept: the request's next write asks again
        one.catch(() => scope?.answers.get(id) === one && scope.answers.delete(id));
        scope?.answers.set(id, one);
        if (id === idNumber) answer = one;
      }
    }
    const subject = await answer!;
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

const REQUEST_REGISTRY = 'registry-client';

/** what one request asked the registry, and whom its writes named */
interface RequestRegistry {
  named: Set<string>;
  answers: Map<string, Promise<RegistrySubject | undefined>>;
}

const newRequestRegistry = (): RequestRegistry => ({ named: new Set(), answers: new Map() });

/**
 * Names up front the people a mutation's fields write about (an `idNumber` argument, or one in its
 * `input`), so that `requireSubject` asks the registry about all of them in one call. A request of
 * 25 `recordMedical` fields runs them one after another, each asking civil affairs on its own: 25
 * calls before, one now. An ID number that does not parse is left to its field, which refuses it.
 */
export function registryPrefetchPlugin(): ApolloServerPlugin<any> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, schema, request }) {
          const fields = schema.getMutationType()?.getFields();
          if (operation?.operation !== 'mutation' || !fields) return;
          const named = new Set<string>();
          for (const selection of operation.selectionSet.selections) {
            const field = selection.kind === Kind.FIELD ? fields[selection.name.value] : undefined;
            if (!field || selection.kind !== Kind.FIELD) continue;
            try {
              const args = getArgumentValues(field, selection, request.variables ?? {});
              const raw = args.idNumber ?? (args.input as { idNumber?: unknown } | undefined)?.idNumber;
              if (typeof raw === 'string') named.add(parseIdNumber(raw, 'idNumber').idNumber);
            } catch {
              // bad arguments or ID number: the field's own checks answer them
            }
          }
          const scope = named.size > 1 ? requestScoped(REQUEST_REGISTRY, newRequestRegistry) : undefined;
          if (scope) scope.named = named;
        },
      };
    },
  };
}
