import { randomUUID } from 'node:crypto';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Identity, authorize } from '../../../../../shared/auth';
import type { Department } from '../../../../../shared/departments';
import { InvalidInputError } from '../../../../../shared/errors';
import { loadAll } from '../../../../../shared/loaders';
import {
  PartnerReport,
  REPORT_TABLES,
  ReportFacts,
  ReportRequest,
  parseReportRequest,
  reportField,
} from '../../../../../shared/monthly-report';
import { RegionLevel } from '../../../../../shared/regions';
import type { SubgraphContext } from '../../../../../shared/subgraph';
import type { Services } from '../../services';
import type { ConsentLoaders } from '../consent/consent.loaders';
import type { EligibilityLoaders } from '../eligibility/eligibility.loaders';
import { PARTNERS } from '../eligibility/eligibility.service';
import type { PolicyLoaders } from '../policy/policy.loaders';
import type { RegistryLoaders } from '../registry/registry.loaders';
import { MAX_REPORT_PAGE, ReportPage, ReportReads } from './report.service';
import { MonthlyReport } from './report.type';

type Context = SubgraphContext<EligibilityLoaders & PolicyLoaders & ConsentLoaders & RegistryLoaders>;

/** What a page's id says: the request, the page asked for and when it was read. */
interface ReportKey extends ReportRequest {
  first: number | null;
  after: string | null;
  generatedAt: string;
  /** makes the id of every page read unique (the key of the page kept for `rows`) */
  nonce?: string;
}

/** The report as its fetches see it: the page (first fetch) or its key and the partners' answers. */
type ReportRoot = MonthlyReport & { key: ReportKey; page?: ReportPage } & Record<string, unknown>;

const REQUIRED = PARTNERS.map(reportField).join(' ');

/** How long, and how many, pages read by a plan's first fetch wait for the same plan's `rows` fetch. */
const KEPT_PAGE_MS = 30_000;
const KEPT_PAGES = 16;

/**
 * The pages read by the plan's first fetch, each kept until the same plan's last fetch (`rows`, after
 * the partners have answered) takes it: the batch is read once per page, not twice. Keyed by the page
 * id (unique per read: its nonce) and the caller; a page not found (taken, expired, pushed out by
 * newer ones, or read by another instance) is read again from its id, as before.
 */
export class KeptPages {
  private readonly pages = new Map<string, { page: ReportPage; user: string; until: number }>();

  constructor(
    private readonly max = KEPT_PAGES,
    private readonly ttlMs = KEPT_PAGE_MS,
  ) {}

  keep(id: string, user: string, page: ReportPage): void {
    const now = Date.now();
    for (const [k, v] of this.pages) if (v.until <= now) this.pages.delete(k);
    while (this.pages.size >= this.max) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(id, { page, user, until: now + this.ttlMs });
  }

  take(id: string, user: string): ReportPage | undefined {
    const kept = this.pages.get(id);
    if (!kept || kept.user !== user || kept.until <= Date.now()) return undefined;
    this.pages.delete(id);
    return kept.page;
  }
}

const ANSWER = { type: () => GraphQLJSONObject, nullable: true };

function encodeReportId(key: ReportKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Reads a page's id back, checking the caller's right to the report's region again. */
export function decodeReportId(id: string, identity: Identity): ReportKey {
  let key: ReportKey;
  try {
    key = JSON.parse(Buffer.from(id, 'base64url').toString('utf8')) as ReportKey;
  } catch {
    throw new InvalidInputError('id', 'is not a monthly report page');
  }
  const request = parseReportRequest(key);
  authorize(identity, { regionCode: request.regionCode }, 'reading a monthly report');
  return { ...key, ...request };
}

/**
 * `monthlyReport`: one of the source documents' monthly tables for a region and month. Civil affairs
 * reads the page; the partners' columns (programs that could be stacked, medical insurance, charity
 * matches, disability) are their own answers, brought by the gateway's plan to `rows` (@requires).
 */
@Resolver(() => MonthlyReport)
export class MonthlyReportResolver {
  private readonly kept = new KeptPages();

  constructor(private readonly services: Services) {}

  @Query(() => MonthlyReport, {
    description:
      'A monthly table (qingpu-1 … qingpu-4, qianjiang-discoveries, hangtou-village) for a region (6, 9 or 12 digits) and month (YYYY-MM): every row, or a page with `first` / `after`',
  })
  async monthlyReport(
    @Arg('table', () => String) table: string,
    @Arg('regionCode', () => String) regionCode: string,
    @Arg('month', () => String, { description: 'YYYY-MM' }) month: string,
    @Arg('first', () => Int, {
      nullable: true,
      description: `at most ${MAX_REPORT_PAGE} rows; all without it`,
    })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: "a page's endCursor" }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<ReportRoot> {
    const request = parseReportRequest({ table, regionCode, month });
    if (first !== null && first !== undefined && (first < 1 || first > MAX_REPORT_PAGE))
      throw new InvalidInputError('first', `must be from 1 to ${MAX_REPORT_PAGE}`, 'RANGE');
    await this.services.regions.requireAll({ regionCode }, [
      RegionLevel.COUNTY,
      RegionLevel.TOWNSHIP,
      RegionLevel.VILLAGE,
    ]);
    const key: ReportKey = {
      ...request,
      first: first ?? null,
      after: after ?? null,
      generatedAt: new Date().toISOString(),
      nonce: randomUUID(),
    };
    const page = await this.read(key, ctx);
    // a report is a read of every person it lists
    for (const item of page.items) {
      const idNumber = item.kind === 'person' ? item.record.subject.idNumber : null;
      if (idNumber) ctx.audit.read(idNumber, 'monthlyReport', [`${request.table} ${request.month}`]);
    }
    const id = encodeReportId(key);
    this.kept.keep(id, ctx.identity.user, page);
    return {
      id,
      key,
      page,
      columns: REPORT_TABLES[request.table].columns.map((c) => c.header),
      generatedAt: key.generatedAt,
      endCursor: page.endCursor,
      hasNextPage: page.hasNextPage,
    };
  }

  @FieldResolver(() => GraphQLJSONObject, {
    nullable: true,
    description: "the page's people and their shared facts, for the partners' columns (internal)",
  })
  @Directive('@inaccessible')
  async reportFacts(@Root() root: ReportRoot, @Ctx() ctx: Context): Promise<ReportFacts> {
    const page = root.page ?? (await this.read(root.key, ctx));
    return { regionCode: root.key.regionCode, subjects: this.services.reports.partnerFacts(page) };
  }

  // each partner's part, resolved by that partner in the plan (declared here to be @required)
  @FieldResolver(ANSWER.type, { nullable: true, name: 'disabilityReport' })
  @Directive('@external')
  disabilityReport(@Root() r: ReportRoot) {
    return r.disabilityReport;
  }

  @FieldResolver(ANSWER.type, { nullable: true, name: 'tradeUnionReport' })
  @Directive('@external')
  tradeUnionReport(@Root() r: ReportRoot) {
    return r.tradeUnionReport;
  }

  @FieldResolver(ANSWER.type, { nullable: true, name: 'healthReport' })
  @Directive('@external')
  healthReport(@Root() r: ReportRoot) {
    return r.healthReport;
  }

  @FieldResolver(ANSWER.type, { nullable: true, name: 'charityReport' })
  @Directive('@external')
  charityReport(@Root() r: ReportRoot) {
    return r.charityReport;
  }

  @FieldResolver(() => [[String]], {
    description:
      "one row of cells per person (or discovery), in the columns' order; dates ISO, empty cells empty strings",
  })
  @Directive(`@requires(fields: "${REQUIRED}")`)
  async rows(@Root() root: ReportRoot, @Ctx() ctx: Context): Promise<string[][]> {
    const page = root.page ?? this.kept.take(root.id, ctx.identity.user) ?? (await this.read(root.key, ctx));
    const answers = Object.fromEntries(
      PARTNERS.map((d: Department) => [
        d,
        (root[reportField(d)] as PartnerReport | null | undefined) ?? null,
      ]),
    );
    return this.services.reports.rows(page, answers);
  }

  private read(key: ReportKey, ctx: Context): Promise<ReportPage> {
    return this.services.reports.page(key, key.first, key.after, reads(ctx));
  }
}

/** The service's reads through the request's loaders: one batch per table per call. */
function reads(ctx: Context): ReportReads {
  return {
    assistance: (ids) => loadAll(ctx.loaders.assistanceBySubjectId, ids),
    records: (subjects) => loadAll(ctx.loaders.subjectRecord, subjects),
    consents: async (ids) =>
      (await ctx.loaders.consentBySubjectId.loadMany(ids)).map((c) => c !== null && !(c instanceof Error)),
    regionNames: async (codes) =>
      new Map(
        (await ctx.loaders.regionByCode.loadMany(codes)).flatMap((r) =>
          r && !(r instanceof Error) ? [[r.code, r.name] as const] : [],
        ),
      ),
    policy: () => ctx.loaders.policySnapshot(),
  };
}
