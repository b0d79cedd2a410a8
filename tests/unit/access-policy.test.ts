import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, GraphQLObjectType } from 'graphql';
import { OPERATIONS, refusal } from '../../shared/access-policy';
import { Role } from '../../shared/auth';
import { README, normalizeTables, withPolicyTables } from '../../scripts/policy';
import { DEPARTMENTS, Department } from '../../shared/departments';

const ROOT = path.resolve(__dirname, '../..');
const FEDERATION = `scalar _Any scalar FieldSet scalar link__Import scalar federation__Scope scalar JSONObject
  directive @link(url: String, as: String, for: String, import: [link__Import]) repeatable on SCHEMA`;

/** Every root field each subgraph serves, from its checked-in SDL. */
function rootFields(): string[] {
  const out: string[] = [];
  for (const { subgraph } of DEPARTMENTS) {
    const sdl = readFileSync(path.join(ROOT, 'subgraphs', subgraph, 'schema.graphql'), 'utf8');
    const schema = buildSchema(`${FEDERATION}\n${sdl}`, { assumeValid: true, assumeValidSDL: true });
    for (const type of ['Query', 'Mutation']) {
      const root = schema.getType(type) as GraphQLObjectType | undefined;
      for (const name of Object.keys(root?.getFields() ?? {})) out.push(`${type}.${name}`);
    }
  }
  return [...new Set(out)];
}

describe('the access policy', () => {
  it('has a rule for every operation every subgraph serves (an operation left out is refused)', () => {
    const missing = rootFields().filter((f) => f !== 'Query._service' && !OPERATIONS[f]);
    expect(missing).toEqual([]);
  });

  it('is printed in the README as the guard reads it (npm run policy)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(normalizeTables(withPolicyTables(readme))).toBe(normalizeTables(readme));
  });

  it('lists no operation that no subgraph serves', () => {
    // _entities is added by federation to every subgraph, not printed in its SDL
    const served = new Set([...rootFields(), 'Query._entities']);
    expect(Object.keys(OPERATIONS).filter((op) => !served.has(op))).toEqual([]);
  });

  it('refuses an operation it does not list, and _service to everyone', () => {
    const admin = { kind: 'staff', department: Department.CIVIL_AFFAIRS, role: Role.ADMIN } as const;
    expect(refusal('Query._service', admin)).toMatch(/not in the access policy/);
    expect(refusal('Query._service', { kind: 'service', department: Department.HEALTH })).toMatch(
      /not in the access policy/,
    );
  });

  it('opens internal operations to the named services only, never to a person', () => {
    for (const op of [
      'Mutation.recordPartnerFacts',
      'Mutation.recordPartnerFactsBatch',
      'Mutation.recordProgramEnrollment',
      'Mutation.reportHealthChange',
      'Query.eventLog',
      'Query.partnerFacts',
      'Mutation.recordAccessLog',
    ]) {
      for (const role of Object.values(Role))
        expect(refusal(op, { kind: 'staff', department: Department.CIVIL_AFFAIRS, role })).toMatch(
          /internal/,
        );
    }
    expect(
      refusal('Mutation.reportHealthChange', { kind: 'service', department: Department.HEALTH }),
    ).toBeNull();
    expect(
      refusal('Mutation.reportHealthChange', { kind: 'service', department: Department.CHARITY }),
    ).toMatch(/service credential/);
  });

  it('opens nothing but myAccessLog to a citizen', () => {
    const open = Object.keys(OPERATIONS).filter((op) => refusal(op, { kind: 'citizen' }) === null);
    expect(open).toEqual(['Query.myAccessLog']);
  });

  it('lets only civil affairs register a person, and only the record-keeping department write its record', () => {
    expect(
      refusal('Mutation.registerSubject', {
        kind: 'staff',
        department: Department.CHARITY,
        role: Role.ADMIN,
      }),
    ).toMatch(/not open to ADMIN of CHARITY/);
    expect(
      refusal('Mutation.recordMedical', {
        kind: 'staff',
        department: Department.DISABILITY,
        role: Role.STAFF,
      }),
    ).not.toBeNull();
    expect(
      refusal('Mutation.recordMedical', { kind: 'staff', department: Department.HEALTH, role: Role.STAFF }),
    ).toBeNull();
  });
});
