/**
 * A partner's part of a monthly report page (shared/monthly-report.ts): its view of civil affairs'
 * `MonthlyReport` entity and the `<dept>Report` field it answers on, for every partner subgraph.
 */
import { GraphQLJSONObject } from 'graphql-scalars';
import { Ctx, Directive, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { Identity, authorize } from './auth';
import { Department } from './departments';
import { PartnerReport, ReportFacts, reportField } from './monthly-report';
import type { Facts } from './policy/conditions';
import type { ProgramDecision } from './policy/programs';

/** A partner's view of civil affairs' `MonthlyReport` entity: its key and the facts it requires. */
export function createMonthlyReportStub() {
  @ObjectType('MonthlyReport')
  @Directive('@key(fields: "id")')
  class MonthlyReport {
    @Field(() => String)
    id: string;

    @Field(() => GraphQLJSONObject, { nullable: true })
    @Directive('@external')
    reportFacts?: ReportFacts;
  }
  return MonthlyReport;
}

export const monthlyReportStubReference = {
  __resolveReference: (ref: { id: string; reportFacts?: ReportFacts }) => ref,
};

type ReportContext = {
  identity: Identity;
  loaders: {
    programDecisions: {
      loadMany(
        s: Array<{ idNumber: string; eligibilityFacts?: Facts }>,
      ): Promise<Array<ProgramDecision[] | Error>>;
    };
  };
};

/**
 * `MonthlyReport.<dept>Report`: the department's programs (evaluated on civil affairs' facts with its
 * own record laid over them, as for eligibility) and its own columns, for every subject of the page.
 * Only for a caller whose region holds the report's region.
 */
export function createPartnerReportResolver(
  stub: ReturnType<typeof createMonthlyReportStub>,
  department: Department,
  extras: (ctx: any, idNumbers: string[]) => Promise<Record<string, Record<string, string | null>>>,
) {
  @Resolver(() => stub)
  class PartnerReportResolver {
    @FieldResolver(() => GraphQLJSONObject, {
      nullable: true,
      name: reportField(department),
      description: "this department's part of a monthly report page (internal)",
    })
    @Directive('@requires(fields: "reportFacts")')
    @Directive('@inaccessible')
    async report(
      @Root() page: { id: string; reportFacts?: ReportFacts },
      @Ctx() ctx: ReportContext,
    ): Promise<PartnerReport> {
      const facts = page.reportFacts;
      if (!facts) return {};
      authorize(ctx.identity, { regionCode: facts.regionCode }, 'reading a monthly report');
      const ids = facts.subjects.map((s) => s.idNumber);
      const [programs, extra] = await Promise.all([
        ctx.loaders.programDecisions.loadMany(
          facts.subjects.map((s) => ({ idNumber: s.idNumber, eligibilityFacts: s.facts })),
        ),
        extras(ctx, ids),
      ]);
      return Object.fromEntries(
        ids.map((id, i) => {
          const mine = programs[i];
          return [
            id,
            {
              programs: (mine instanceof Error ? [] : mine)
                .filter((p) => p.eligible === true || p.enrolled)
                .map((p) => ({
                  id: p.id,
                  name: p.name,
                  eligible: p.eligible,
                  enrolled: p.enrolled,
                })),
              extra: extra[id] ?? {},
            },
          ];
        }),
      );
    }
  }
  return PartnerReportResolver;
}
