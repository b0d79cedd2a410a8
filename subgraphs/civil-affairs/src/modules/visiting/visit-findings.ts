import { parseIsoDateTime } from '../../../../../shared/dates';
import { InvalidInputError } from '../../../../../shared/errors';
import type { Finding, SignOff, VisitEntity } from './visit.entity';

const NEED = /^[A-Z][A-Z_]{1,31}$/;

export interface FindingsInput {
  endedAt: string;
  findings: Array<{ dimension: string; status: 'OK' | 'CONCERN' | 'URGENT'; note?: string | null }>;
  needs?: string[] | null;
  actions?: string | null;
  urgent?: boolean | null;
  photoRef?: string | null;
  signatureRef?: string | null;
  coVisitors?: string[] | null;
  signOffs?: Array<{ role: string; name: string; signedAt: string }> | null;
  changes?: string[] | null;
  /** 一户一档: the household's size and per-capita income as found */
  household?: { size: number; monthlyIncomePerCapita: number } | null;
}

/** A visit's findings that passed every check, ready for the rules. */
export interface CheckedFindings {
  startedAt: Date;
  endedAt: Date;
  findings: Finding[];
  needs: string[];
  signOffs: SignOff[];
  changes: string[];
  /** an urgent case opens: asked for, or an URGENT finding */
  urgent: boolean;
}

/** Checks the findings a visit ends with against its template, before anything is read or written. */
export function checkFindings(visit: VisitEntity, input: FindingsInput): CheckedFindings {
  const endedAt = parseIsoDateTime(input.endedAt, 'input.endedAt');
  // a visit recorded offline syncs later, however late (paper records at month end): its record then
  // starts no later than its end, and the audit log keeps when it was written. A fixed cap here
  // (7 days until now) refused the contract's own EndVisit example once its date was a week old.
  const startedAt = endedAt < visit.startedAt ? endedAt : visit.startedAt;
  if (endedAt.getTime() > Date.now() + 5 * 60_000)
    throw new InvalidInputError('input.endedAt', 'is in the future', 'DATE_ORDER');
  const findings = checkDimensions(visit, input);
  const needs = input.needs ?? [];
  needs.forEach((n, i) => {
    if (!NEED.test(n))
      throw new InvalidInputError(
        `input.needs[${i}]`,
        'use an upper-case need code such as MEDICAL',
        'FORMAT',
      );
  });
  const signOffs: SignOff[] = (input.signOffs ?? []).map((s, i) => ({
    role: s.role.trim(),
    name: s.name.trim(),
    signedAt: parseIsoDateTime(s.signedAt, `input.signOffs[${i}].signedAt`).toISOString(),
  }));
  return {
    startedAt,
    endedAt,
    findings,
    needs,
    signOffs,
    changes: input.changes ?? [],
    urgent: input.urgent === true || findings.some((f) => f.status === 'URGENT'),
  };
}

/** One finding per dimension of the visit's template, each with a note unless it is OK. */
function checkDimensions(visit: VisitEntity, input: FindingsInput): Finding[] {
  const dimensions = new Set(visit.template.dimensions.map((d) => d.key));
  const seen = new Set<string>();
  const findings = input.findings.map((f, i) => {
    if (!dimensions.has(f.dimension)) {
      throw new InvalidInputError(
        `input.findings[${i}].dimension`,
        `"${f.dimension}" is not in template ${visit.template.key} (${[...dimensions].join(', ')})`,
        'UNKNOWN_DIMENSION',
      );
    }
    if (seen.has(f.dimension))
      throw new InvalidInputError(
        `input.findings[${i}].dimension`,
        `"${f.dimension}" is given twice`,
        'DUPLICATE',
      );
    seen.add(f.dimension);
    if (f.status !== 'OK' && !f.note?.trim()) {
      throw new InvalidInputError(
        `input.findings[${i}].note`,
        `a ${f.status} finding needs a note saying what was found`,
        'REQUIRED',
      );
    }
    return { dimension: f.dimension, status: f.status, note: f.note?.trim() || null };
  });
  if (!findings.length)
    throw new InvalidInputError('input.findings', 'give at least one finding', 'REQUIRED');
  return findings;
}
