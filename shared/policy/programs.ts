/**
 * Programs (帮扶项目) and their eligibility rules as data: one pack per department, with per-region
 * parameters (income lines, warning lines) injected as `line.<name>` facts. One evaluator for every
 * department; every answer carries reasons in Chinese (met, unmet and undecidable requirements) and
 * the rule's source.
 */
import { z } from 'zod';
import { Department } from '../departments';
import { Condition, Facts, allOf, conditionSchema, decide, evaluate } from './conditions';

const regionCode = z.string().regex(/^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$/, 'a division code');
const parameters = z.record(z.string().regex(/^[a-zA-Z]+$/), z.number());

export const programPackSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9-]+$/),
    version: z.number().int().positive(),
    department: z.enum(Department),
    name: z.string().min(1),
    programs: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case words and dashes'),
            name: z.string().min(1),
            description: z.string().min(1),
            source: z.string().min(3),
            requirements: z
              .array(z.object({ label: z.string().min(1), when: conditionSchema }).strict())
              .min(1),
            enrolledWhen: conditionSchema.optional(),
          })
          .strict(),
      )
      .min(1),
    parameters: z
      .object({
        default: parameters,
        regions: z.record(regionCode, parameters).default({}),
        source: z.string().min(3),
      })
      .strict(),
  })
  .strict();

export type ProgramPack = z.infer<typeof programPackSchema>;

export interface ProgramResult {
  id: string;
  name: string;
  department: Department;
  description: string;
  source: string;
  /** true, false, or null when a requirement could not be decided (a department did not answer) */
  eligible: boolean | null;
  enrolled: boolean;
  reasons: string[];
}

/** The pack's parameters for a region: the default, overridden from the broadest region to the narrowest. */
export function parametersFor(pack: ProgramPack, region: string): Record<string, number> {
  const matching = Object.keys(pack.parameters.regions)
    .filter((code) => region.startsWith(code))
    .sort((a, b) => a.length - b.length);
  return Object.assign({}, pack.parameters.default, ...matching.map((code) => pack.parameters.regions[code]));
}

export function programId(pack: ProgramPack, id: string): string {
  return `${pack.department}:${id}`;
}

/** What a program's answer is without its explanation (the monthly reports print only this). */
export type ProgramDecision = Pick<ProgramResult, 'id' | 'name' | 'department' | 'eligible' | 'enrolled'>;

/** Each pack's parameters by region, as `line.<name>` facts (a pack is read-only once loaded). */
const lines = new WeakMap<ProgramPack, Map<string, Facts>>();

/** The person's facts with the pack's parameters for their region (`facts.region`) as `line.<name>`. */
function withLines(pack: ProgramPack, facts: Facts): Facts {
  const region = typeof facts.region === 'string' ? facts.region : '';
  let byRegion = lines.get(pack);
  if (!byRegion) lines.set(pack, (byRegion = new Map()));
  let line = byRegion.get(region);
  if (!line) {
    const params = parametersFor(pack, region);
    line = Object.fromEntries(Object.entries(params).map(([k, v]) => [`line.${k}`, v]));
    byRegion.set(region, line);
  }
  return { ...facts, ...line };
}

type Program = ProgramPack['programs'][number];

function isEnrolled(program: Program, id: string, all: Facts, enrolled: ReadonlySet<string>): boolean {
  return enrolled.has(id) || (program.enrolledWhen ? decide(program.enrolledWhen, all) === true : false);
}

/**
 * Evaluates every program of the pack for one person. `facts.region` picks the parameters;
 * `enrolled` holds the ids of programs the person already receives.
 */
export function evaluatePrograms(
  pack: ProgramPack,
  facts: Facts,
  enrolled: ReadonlySet<string> = new Set(),
): ProgramResult[] {
  const all = withLines(pack, facts);
  return pack.programs.map((program) => {
    const id = programId(pack, program.id);
    const outcomes = program.requirements.map((r) => ({
      label: r.label,
      result: evaluate(r.when as Condition, all),
    }));
    const eligible = allOf(outcomes.map((o) => o.result.value));
    const reasons = outcomes.map(({ label, result }) =>
      result.value === true
        ? `符合：${label}`
        : result.value === false
          ? `不符合：${label}`
          : `无法判断：${label}（相关部门数据暂不可得）`,
    );
    reasons.push(`依据：${program.source}`);
    return {
      id,
      name: program.name,
      department: pack.department,
      description: program.description,
      source: program.source,
      eligible,
      enrolled: isEnrolled(program, id, all, enrolled),
      reasons,
    };
  });
}

/**
 * The same rules as `evaluatePrograms`, answering only eligible and enrolled: no reasons are worded
 * (a monthly report decides tens of thousands of people and prints no explanation).
 */
export function decidePrograms(
  pack: ProgramPack,
  facts: Facts,
  enrolled: ReadonlySet<string> = new Set(),
): ProgramDecision[] {
  const all = withLines(pack, facts);
  return pack.programs.map((program) => {
    const id = programId(pack, program.id);
    return {
      id,
      name: program.name,
      department: pack.department,
      eligible: allOf(program.requirements.map((r) => decide(r.when as Condition, all))),
      enrolled: isEnrolled(program, id, all, enrolled),
    };
  });
}
