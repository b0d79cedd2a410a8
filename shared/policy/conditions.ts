/**
 * The condition language of policy packs: rules are data, evaluated by one engine. A condition is
 * a fact comparison or a combination (`all`, `any`, `not`); evaluation is three-valued, so a fact
 * that a department could not supply makes the answer "unknown" and says which fact, instead of
 * guessing.
 */
import { z } from 'zod';

export type Condition =
  { always: true } | { all: Condition[] } | { any: Condition[] } | { not: Condition } | FactTest;

export interface FactTest {
  fact: string;
  eq?: string | number | boolean;
  in?: Array<string | number>;
  gte?: number;
  gt?: number;
  lte?: number;
  lt?: number;
  /** for list facts: the list holds at least one of these */
  includesAny?: string[];
  /** compare with another fact, e.g. a region's income line: { fact: 'monthlyIncomePerCapita', lteFact: 'line.dibao' } */
  lteFact?: string;
  ltFact?: string;
  gteFact?: string;
  /** human-readable label for reasons, e.g. "70 岁以上" */
  label?: string;
}

const factTest = z
  .object({
    fact: z.string().min(1),
    eq: z.union([z.string(), z.number(), z.boolean()]).optional(),
    in: z
      .array(z.union([z.string(), z.number()]))
      .min(1)
      .optional(),
    gte: z.number().optional(),
    gt: z.number().optional(),
    lte: z.number().optional(),
    lt: z.number().optional(),
    includesAny: z.array(z.string()).min(1).optional(),
    lteFact: z.string().min(1).optional(),
    ltFact: z.string().min(1).optional(),
    gteFact: z.string().min(1).optional(),
    label: z.string().optional(),
  })
  .strict()
  .refine(
    (t) =>
      ['eq', 'in', 'gte', 'gt', 'lte', 'lt', 'includesAny', 'lteFact', 'ltFact', 'gteFact'].some(
        (k) => k in t,
      ),
    {
      message: 'a fact test needs one of eq, in, gte, gt, lte, lt, includesAny, lteFact, ltFact, gteFact',
    },
  );

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ always: z.literal(true) }).strict(),
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
    factTest,
  ]),
);

/** `undefined`: unknown (its source did not answer); `null`: known to be absent (no certificate). */
export type FactValue = string | number | boolean | string[] | null | undefined;
export type Facts = Record<string, FactValue>;

export interface Evaluation {
  /** true, false, or null when a needed fact is missing */
  value: boolean | null;
  /** labels of the tests that held / failed / could not be decided */
  met: string[];
  unmet: string[];
  unknown: string[];
}

/** a test's wording, worked out once per test (a pack's tests are read-only; a report evaluates thousands of people) */
const described = new WeakMap<FactTest, string>();

export function describeTest(t: FactTest): string {
  if (t.label) return t.label;
  let text = described.get(t);
  if (text === undefined) described.set(t, (text = wordTest(t)));
  return text;
}

function wordTest(t: FactTest): string {
  const parts = Object.entries(t)
    .filter(([k]) => k !== 'fact' && k !== 'label')
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join('/') : String(v)}`);
  return `${t.fact} ${parts.join(', ')}`;
}

function testFact(t: FactTest, value: FactValue, facts: Facts): boolean {
  const other = (name: string) => facts[name] as number;
  if (t.lteFact !== undefined && !(typeof value === 'number' && value <= other(t.lteFact))) return false;
  if (t.ltFact !== undefined && !(typeof value === 'number' && value < other(t.ltFact))) return false;
  if (t.gteFact !== undefined && !(typeof value === 'number' && value >= other(t.gteFact))) return false;
  if (t.eq !== undefined && value !== t.eq) return false;
  if (t.in && !t.in.includes(value as string | number)) return false;
  if (t.includesAny && !(Array.isArray(value) && t.includesAny.some((x) => value.includes(x)))) return false;
  const n = value as number;
  if (t.gte !== undefined && !(typeof n === 'number' && n >= t.gte)) return false;
  if (t.gt !== undefined && !(typeof n === 'number' && n > t.gt)) return false;
  if (t.lte !== undefined && !(typeof n === 'number' && n <= t.lte)) return false;
  if (t.lt !== undefined && !(typeof n === 'number' && n < t.lt)) return false;
  return true;
}

/** A fact test's value: true or false, or null when a fact it reads is unknown (undefined). */
function testValue(t: FactTest, facts: Facts): boolean | null {
  const value = facts[t.fact];
  const compared = t.lteFact ?? t.ltFact ?? t.gteFact;
  // undefined: nobody could tell (a department did not answer); null: known to be absent
  if (value === undefined || (compared && facts[compared] === undefined)) return null;
  return value !== null && (!compared || facts[compared] !== null) && testFact(t, value, facts);
}

/** Three-valued `all`: false when one part is false, else null when one is unknown, else true. */
export function allOf(values: ReadonlyArray<boolean | null>): boolean | null {
  return values.some((v) => v === false) ? false : values.some((v) => v === null) ? null : true;
}

/** Three-valued `any`: true when one part is true, else null when one is unknown, else false. */
function anyOf(values: ReadonlyArray<boolean | null>): boolean | null {
  return values.some((v) => v === true) ? true : values.some((v) => v === null) ? null : false;
}

/**
 * The condition's value alone — what `evaluate(…).value` is, without the labels of the tests met,
 * unmet and undecided (for callers that print only the decision, such as the monthly reports).
 */
export function decide(condition: Condition, facts: Facts): boolean | null {
  if ('always' in condition) return true;
  if ('not' in condition) {
    const inner = decide(condition.not, facts);
    return inner === null ? null : !inner;
  }
  if ('all' in condition) return allOf(condition.all.map((c) => decide(c, facts)));
  if ('any' in condition) return anyOf(condition.any.map((c) => decide(c, facts)));
  return testValue(condition, facts);
}

export function evaluate(condition: Condition, facts: Facts): Evaluation {
  if ('always' in condition) return { value: true, met: [], unmet: [], unknown: [] };
  if ('not' in condition) {
    const inner = evaluate(condition.not, facts);
    return {
      value: inner.value === null ? null : !inner.value,
      met: inner.unmet,
      unmet: inner.met,
      unknown: inner.unknown,
    };
  }
  if ('all' in condition || 'any' in condition) {
    const parts = ('all' in condition ? condition.all : condition.any).map((c) => evaluate(c, facts));
    const merged = {
      met: parts.flatMap((p) => p.met),
      unmet: parts.flatMap((p) => p.unmet),
      unknown: parts.flatMap((p) => p.unknown),
    };
    const values = parts.map((p) => p.value);
    return { value: 'all' in condition ? allOf(values) : anyOf(values), ...merged };
  }
  const label = describeTest(condition);
  const value = testValue(condition, facts);
  if (value === null) return { value: null, met: [], unmet: [], unknown: [label] };
  return { value, met: value ? [label] : [], unmet: value ? [] : [label], unknown: [] };
}
