/**
 * A visiting-care policy pack (探访关爱 / 巡访): one region's rules as a versioned, validated document.
 * Every rule carries its `source` (document and clause) so an answer can say why. The engine
 * (policy.engine.ts) is the only code that reads packs; no region is named anywhere in code.
 *
 * Facts a condition may test (computed by tier.facts.ts):
 *   age (number, from the ID number) · sex ('MALE' | 'FEMALE')
 *   activeAssistance (list of assistance categories currently ACTIVE) · exitedAssistance (list, ENDED, none active)
 *   livingAlone · dispersedSupport (分散供养) · stableIncome (booleans on the registry record)
 *   noWorkCapacity · noLivingSource · noCapableSupporter (特困's three conditions; unknown until recorded)
 *   situations (list: ORPHAN_SCATTERED, CHILD_IN_DIFFICULTY, LEFT_BEHIND_CHILD, LEFT_BEHIND_ELDERLY,
 *     MINOR_ALONE_OR_WITH_RELATIVES, LIVES_WITH_SEVERELY_DISABLED_CHILD, NO_CHILDREN_IN_CITY,
 *     SUDDEN_ACCIDENT_HOUSEHOLD, DIFFICULT_WORKER)
 *   recentMajorEvent (an urgent case within `urgentCases.recentWindow`)
 *   majorIllness (health subgraph) · disabilityGrade (disability subgraph: 1-4, null without certificate)
 *   householdSize · monthlyIncomePerCapita
 */
import { z } from 'zod';
import { conditionSchema } from '../../../../../shared/policy/conditions';
import { durationSchema } from '../../../../../shared/policy/durations';

export const TIERS = ['HIGH_RISK', 'KEY', 'GENERAL'] as const;

const source = z
  .string()
  .min(3, 'name the document and clause, e.g. "瑞救办〔2021〕5号 三(一)"')
  .describe('document and clause this rule comes from');

const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'MM-DD');

export const dimensionSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-zA-Z]*$/, 'a camelCase key'),
    label: z.string().min(1),
    items: z.array(z.string().min(1)).min(1),
  })
  .strict();

export const packSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9-]+$/, 'lower-case words and dashes, e.g. ruian-2021'),
    version: z.number().int().positive(),
    name: z.string().min(1),
    document: z.string().min(1).describe('issuing document, e.g. 瑞救办〔2021〕5号'),
    tiers: z
      .array(
        z
          .object({
            tier: z.enum(TIERS),
            when: conditionSchema,
            label: z.string().min(1),
            source,
          })
          .strict(),
      )
      .min(1)
      .describe('evaluated in order; the first rule whose condition holds gives the tier'),
    visits: z
      .object({
        frequency: z
          .record(z.enum(TIERS), z.object({ every: durationSchema, source }).strict())
          .refine((f) => TIERS.every((t) => t in f), 'give a frequency for HIGH_RISK, KEY and GENERAL'),
        phoneAllowedFor: z.array(z.enum(TIERS)).describe('tiers whose visit may be a phone call'),
        phoneSource: source.optional(),
        firstVisitWithin: durationSchema.describe('a newly registered subject is due within this'),
        delegationToResidence: z.object({ allowed: z.boolean(), source }).strict(),
      })
      .strict(),
    urgentCases: z
      .object({
        visitWithin: durationSchema,
        recentWindow: durationSchema.describe('how long an urgent case counts as a recent major event'),
        emergencyNumbers: z.array(z.string().regex(/^1\d{2}$/)).min(1),
        emergencyByKind: z
          .record(z.string().regex(/^[A-Z_]+$/), z.array(z.string().regex(/^1\d{2}$/)).min(1))
          .default({})
          .describe('which of emergencyNumbers an urgent case of this kind calls first; others: all'),
        source,
      })
      .strict()
      .superRefine((u, ctx) => {
        for (const [kind, numbers] of Object.entries(u.emergencyByKind))
          numbers.forEach((n, i) => {
            if (!u.emergencyNumbers.includes(n))
              ctx.addIssue({
                code: 'custom',
                path: ['emergencyByKind', kind, i],
                message: `${n} is not in emergencyNumbers`,
              });
          });
      }),
    template: z
      .object({
        key: z.string().min(1),
        dimensions: z.array(dimensionSchema).min(1),
        seasonal: z
          .array(
            z
              .object({
                name: z.string().min(1),
                from: monthDay,
                to: monthDay,
                dimension: z.string().min(1),
                items: z.array(z.string().min(1)).min(1),
                source,
              })
              .strict(),
          )
          .default([]),
        completeness: z
          .object({
            allDimensions: z.boolean().describe('every dimension of the template must be assessed'),
            whenMissing: z
              .enum(['REFUSE', 'INCOMPLETE'])
              .describe(
                'REFUSE: endVisit is refused; INCOMPLETE: the visit ends incomplete and resets no due date',
              ),
            source,
          })
          .strict()
          .optional(),
        source,
      })
      .strict(),
    visitKinds: z
      .array(
        z
          .object({
            kind: z.enum(['HAPPINESS_LIST_DELIVERY']),
            label: z.string().min(1),
            requires: z.array(z.enum(['photo', 'signature'])),
            source,
          })
          .strict(),
      )
      .default([])
      .describe(
        'visit kinds besides the care visit (探访关爱); they assess no dimensions and reset no due date',
      ),
    team: z
      .object({ roles: z.array(z.string().min(1)).min(1), source })
      .strict()
      .optional()
      .describe("roles a visiting team is made of (Rui'an 组团式探访); co-visitors name one of them"),
    referrals: z
      .object({
        overdueWorkingDays: z
          .number()
          .int()
          .positive()
          .describe('a referral still pending after this is overdue'),
        followUpWithin: durationSchema.describe('跟踪回访 is due this long after a referral is completed'),
        source,
      })
      .strict(),
    observation: z
      .object({
        reviewEvery: durationSchema.describe(
          '观察名单: a not-eligible person is reviewed this long after the decision',
        ),
        source,
      })
      .strict(),
    deadlines: z
      .object({
        changeReportWorkingDays: z.number().int().positive().optional(),
        assistancePlanWorkingDays: z.number().int().positive().optional(),
        source,
      })
      .strict()
      .optional(),
    exitRevisit: z
      .object({
        firstWithin: durationSchema,
        every: durationSchema,
        until: z.object({ after: durationSchema, when: conditionSchema.optional() }).strict(),
        source,
      })
      .strict()
      .optional(),
    signOff: z
      .object({ roles: z.array(z.string().min(1)).min(1), source })
      .strict()
      .optional(),
    coordinators: z
      .object({ minPerVillage: z.number().int().min(0), source })
      .strict()
      .optional(),
    warningLines: z
      .object({
        outOfPocketYuan: z.number().positive().optional(),
        incomeDropPercent: z.number().positive().max(100).optional(),
        source,
      })
      .strict()
      .optional(),
    earlyWarnings: z
      .array(
        z
          .object({
            key: z.string().regex(/^[a-z][a-zA-Z]*$/),
            label: z.string().min(1),
            when: conditionSchema.describe(
              'over the change facts: householdSizeChange, incomeDropPercent, majorIllnessNew, membersJoined, membersLeft, maritalStatusChanged, employmentChanged',
            ),
            discovery: z
              .object({
                category: z.enum([
                  'MAY_QUALIFY_NOT_APPLIED',
                  'HARDSHIP_NOT_ELIGIBLE',
                  'ASSISTED_NEEDS_MORE',
                  'OTHER_ATTENTION',
                ]),
                suspectedAssistance: z
                  .array(
                    z.enum([
                      'DIBAO',
                      'TEKUN',
                      'TEMPORARY',
                      'MEDICAL',
                      'EDUCATION',
                      'HOUSING',
                      'EMPLOYMENT',
                      'DISASTER',
                    ]),
                  )
                  .min(1),
              })
              .strict()
              .optional()
              .describe('also file a discovery for the township'),
            source,
          })
          .strict(),
      )
      .default([])
      .describe('changes that raise a warning for the village advisor (Hangtou 预警)'),
    notes: z.array(z.string()).default([]).describe('rules of the document the platform keeps as text only'),
  })
  .strict()
  .superRefine((pack, ctx) => {
    const last = pack.tiers[pack.tiers.length - 1];
    if (last && !('always' in last.when)) {
      ctx.addIssue({
        code: 'custom',
        path: ['tiers', pack.tiers.length - 1, 'when'],
        message: 'the last tier rule must be { "always": true } so everyone gets a tier',
      });
    }
    const keys = new Set((pack.template?.dimensions ?? []).map((d) => d.key));
    (pack.template?.seasonal ?? []).forEach((s, i) => {
      if (!keys.has(s.dimension)) {
        ctx.addIssue({
          code: 'custom',
          path: ['template', 'seasonal', i, 'dimension'],
          message: `no dimension "${s.dimension}" in the template`,
        });
      }
    });
  });

export type PolicyPack = z.infer<typeof packSchema>;
