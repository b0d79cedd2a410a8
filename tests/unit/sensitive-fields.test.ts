import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse } from 'graphql';
import { DEPARTMENTS, Department, departmentInfo } from '../../shared/departments';
import { SENSITIVE_FIELDS, sensitiveCategory, sensitiveLookup } from '../../shared/sensitive-fields';

/** type → fields a department's subgraph resolves itself (not @external), from its checked-in SDL */
function ownFields(department: Department): Map<string, Set<string>> {
  const file = path.join(__dirname, '../../subgraphs', departmentInfo(department).subgraph, 'schema.graphql');
  const fields = new Map<string, Set<string>>();
  for (const def of parse(readFileSync(file, 'utf8')).definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const f of def.fields ?? []) {
      if (f.directives?.some((d) => d.name.value === 'external')) continue;
      if (!fields.has(def.name.value)) fields.set(def.name.value, new Set());
      fields.get(def.name.value)!.add(f.name.value);
    }
  }
  return fields;
}

describe('sensitive fields (the table the audit records and masking will read)', () => {
  it('names only fields that the department it names resolves in its own subgraph', () => {
    const schemas = new Map(DEPARTMENTS.map((d) => [d.department, ownFields(d.department)]));
    const missing = SENSITIVE_FIELDS.filter((s) => !schemas.get(s.department)!.get(s.type)?.has(s.field));
    expect(missing).toEqual([]);
  });

  it('lists each field once', () => {
    const keys = SENSITIVE_FIELDS.map((s) => `${s.type}.${s.field}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("gives a department's fields by type, and a field's category", () => {
    const health = sensitiveLookup(Department.HEALTH);
    expect([...health.get('MedicalRecord')!.keys()].sort()).toEqual([
      'diagnosis',
      'majorIllness',
      'outOfPocketLast12Months',
    ]);
    expect(health.has('Household')).toBe(false);
    expect(sensitiveCategory('MedicalRecord', 'diagnosis')).toBe('DIAGNOSIS');
    expect(sensitiveCategory('Household', 'monthlyIncomePerCapita')).toBe('INCOME');
    expect(sensitiveCategory('Subject', 'name')).toBeUndefined();
  });
});
