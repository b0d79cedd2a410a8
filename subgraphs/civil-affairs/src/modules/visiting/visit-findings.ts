import { parseIsoDateTime } from '../../../../../shared/dates';
import { InvalidInputError } from '../../../../../shared/errors';
import type { PolicyPack } from '../policy/pack.schema';
import type { Finding, ItemFinding, SignOff, TeamMember, VisitEntity } from './visit.entity';

const NEED = /^[A-Z][A-Z_]{1,31}$/;

export interface FindingsInput {
  endedAt: string;
  findings: Array<{
    dimension: string;
    status: 'OK' | 'CONCERN' | 'URGENT';
    note?: string | null;
    items?: Array<{ item: string; status: 'OK' | 'CONCERN' | 'URGENT'; note?: string | null }> | null;
  }>;
  needs?: string[] | null;
  actions?: string | null;
  urgent?: boolean | null;
  photoRef?: string | null;
  signatureRef?: string | null;
  coVisitors?: string[] | null;
  team?: Array<{ name: string; role: string }> | null;
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
  team: TeamMember[];
  /** the co-visitors' names: those given, and the team's */
  coVisitors: string[];
  /** the dimensions the pack requires that were not assessed (the visit then ends incomplete) */
  missingDimensions: string[];
  /** a care visit that assessed what its pack requires: only it resets the due date */
  complete: boolean;
  /** an urgent case opens: asked for, or an URGENT finding */
  urgent: boolean;
}

/** Checks the findings a visit ends with against its template, before anything is read or written. */
export function checkFindings(visit: VisitEntity, input: FindingsInput, pack: PolicyPack): CheckedFindings {
  const endedAt = parseIsoDateTime(input.endedAt, 'input.endedAt');
  // a visit recorded offline syncs later, however late (paper records at month end): its record then
  // starts no later than its end, and the audit log keeps when it was written. A fixed cap here
  // (7 days until now) refused the contract's own EndVisit example once its date was a week old.
  const startedAt = endedAt < visit.startedAt ? endedAt : visit.startedAt;
  if (endedAt.getTime() > Date.now() + 5 * 60_000)
    throw new InvalidInputError('input.endedAt', 'is in the future', 'DATE_ORDER');
  const delivery = visit.kind !== 'CARE';
  const findings = delivery ? checkDelivery(visit, input, pack) : checkDimensions(visit, input);
  const missingDimensions = delivery ? [] : missingOf(visit, findings, pack);
  const team = checkTeam(input, pack);
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
    team,
    coVisitors: [...new Set([...(input.coVisitors ?? []).map((c) => c.trim()), ...team.map((m) => m.name)])],
    missingDimensions,
    complete: !delivery && missingDimensions.length === 0,
    urgent:
      input.urgent === true ||
      findings.some((f) => f.status === 'URGENT' || f.items?.some((i) => i.status === 'URGENT')),
  };
}

/**
 * The dimensions the pack requires but the findings leave out (`template.completeness`): refused when
 * the pack says REFUSE (Fuzhou's six aspects), kept as an incomplete visit when it says INCOMPLETE
 * (Rui'an's six dimensions).
 */
function missingOf(visit: VisitEntity, findings: Finding[], pack: PolicyPack): string[] {
  const rule = pack.template.completeness;
  if (!rule?.allDimensions) return [];
  const given = new Set(findings.map((f) => f.dimension));
  const missing = visit.template.dimensions.filter((d) => !given.has(d.key)).map((d) => d.key);
  if (missing.length && rule.whenMissing === 'REFUSE')
    throw new InvalidInputError(
      'input.findings',
      `${pack.name} requires every dimension to be assessed; missing: ${missing.join(', ')} (${rule.source})`,
      'INCOMPLETE',
    );
  return missing;
}

/** A delivery (幸福清单送达) assesses nothing; it needs what its kind requires (photo, signature). */
function checkDelivery(visit: VisitEntity, input: FindingsInput, pack: PolicyPack): Finding[] {
  const kind = pack.visitKinds.find((k) => k.kind === visit.kind);
  for (const need of kind?.requires ?? []) {
    const field = need === 'photo' ? 'photoRef' : 'signatureRef';
    if (!input[field]?.trim())
      throw new InvalidInputError(
        `input.${field}`,
        `a ${kind!.label} needs its ${need} (${kind!.source})`,
        'REQUIRED',
      );
  }
  if (input.findings.length)
    throw new InvalidInputError(
      'input.findings',
      `a ${kind?.label ?? visit.kind} assesses no dimensions; start a care visit (kind CARE) for them`,
      'NOT_APPLICABLE',
    );
  return [];
}

/** The team with roles; where the pack names the roles (Rui'an 组团式探访), each member has one of them. */
function checkTeam(input: FindingsInput, pack: PolicyPack): TeamMember[] {
  return (input.team ?? []).map((m, i) => {
    const name = m.name.trim();
    const role = m.role.trim();
    if (!name) throw new InvalidInputError(`input.team[${i}].name`, 'name the team member', 'REQUIRED');
    if (!role) throw new InvalidInputError(`input.team[${i}].role`, 'give the member’s role', 'REQUIRED');
    if (pack.team && !pack.team.roles.includes(role))
      throw new InvalidInputError(
        `input.team[${i}].role`,
        `"${role}" is not a role of ${pack.name}'s team (${pack.team.roles.join(', ')})`,
        'UNKNOWN_ROLE',
      );
    return { name, role };
  });
}

/** Each of a dimension's sub-items at most once, from the visit's template, with a note unless OK. */
function checkItems(
  dimension: VisitEntity['template']['dimensions'][number],
  items: NonNullable<FindingsInput['findings'][number]['items']>,
  path: string,
): ItemFinding[] {
  const known = new Set(dimension.items);
  const seen = new Set<string>();
  return items.map((it, j) => {
    const field = `${path}.items[${j}]`;
    if (!known.has(it.item))
      throw new InvalidInputError(
        `${field}.item`,
        `"${it.item}" is not an item of ${dimension.key} (${dimension.items.join('、')})`,
        'UNKNOWN_ITEM',
      );
    if (seen.has(it.item))
      throw new InvalidInputError(`${field}.item`, `"${it.item}" is given twice`, 'DUPLICATE');
    seen.add(it.item);
    if (it.status !== 'OK' && !it.note?.trim())
      throw new InvalidInputError(`${field}.note`, `a ${it.status} item needs a note`, 'REQUIRED');
    return { item: it.item, status: it.status, note: it.note?.trim() || null };
  });
}

/** One finding per dimension of the visit's template, each with a note unless it is OK. */
function checkDimensions(visit: VisitEntity, input: FindingsInput): Finding[] {
  const byKey = new Map(visit.template.dimensions.map((d) => [d.key, d]));
  const dimensions = new Set(byKey.keys());
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
    const items = checkItems(byKey.get(f.dimension)!, f.items ?? [], `input.findings[${i}]`);
    return { dimension: f.dimension, status: f.status, note: f.note?.trim() || null, items };
  });
  if (!findings.length)
    throw new InvalidInputError('input.findings', 'give at least one finding', 'REQUIRED');
  return findings;
}
