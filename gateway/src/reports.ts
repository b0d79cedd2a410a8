/**
 * `GET /reports/<table>.<csv|xlsx>?region=<code>&month=YYYY-MM`: the source documents' monthly tables
 * as files. The gateway runs the public `monthlyReport` query page by page under the caller's own
 * token — so the access policy, the region scope, the audit and the cross-department plan are
 * exactly GraphQL's — and writes each page as it arrives: a district is never held whole.
 */
import type ExcelJS from 'exceljs';
import type express from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind } from 'graphql';
import { AppError } from '../../shared/errors';
import { log } from '../../shared/logging';
import {
  REPORT_TABLES,
  ReportColumn,
  ReportRequest,
  ReportTable,
  escapeFormula,
  parseReportRequest,
} from '../../shared/monthly-report';
import type { TokenVerifier } from '../../shared/auth';
import { GatewayContext, createContext } from './context';

/**
 * Rows asked of civil affairs per page while a file is written: a small first page (the status and
 * the first bytes go out soon), then the query's largest, so each page's fixed cost (the plan's three
 * steps, the partners' calls, the audit's INSERT) is spread over many rows.
 */
export const FIRST_FILE_PAGE_ROWS = 500;
export const FILE_PAGE_ROWS = 2000;

const PAGE = `query MonthlyReportFile($table: String!, $regionCode: String!, $month: String!, $first: Int, $after: String, $withRegion: Boolean!) {
  region(code: $regionCode) @include(if: $withRegion) { name }
  monthlyReport(table: $table, regionCode: $regionCode, month: $month, first: $first, after: $after) {
    columns rows endCursor hasNextPage
  }
}`;

type Execute = (
  query: string,
  variables: Record<string, unknown>,
  context: GatewayContext,
) => Promise<{ data?: any; errors?: readonly any[] }>;

interface Page {
  regionName?: string;
  rows: string[][];
  endCursor: string | null;
  hasNextPage: boolean;
}

/** A refusal as the GraphQL endpoint words it: `{ errors: [{ message, extensions: { code, field } }] }`. */
class ReportRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The URL's parameter names for the query's arguments. */
const URL_FIELDS = { table: 'table', regionCode: 'region', month: 'month' };
const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  DEPARTMENT_UNAVAILABLE: 503,
};

export function reportRoutes(
  verify: TokenVerifier,
  execute: () => Execute,
  admit?: (req: express.Request, context: GatewayContext | undefined) => void,
) {
  return (app: express.Express) => {
    app.get('/reports/:file', async (req, res) => {
      let started = false;
      try {
        const [request, format] = parseFile(req);
        const context = await authenticate(req, verify, admit);
        const pages = readPages(execute(), context, request);
        // the first page is read before anything is sent: a refusal is still a proper status
        const first = await pages.next();
        const table = REPORT_TABLES[request.table];
        const regionName = (!first.done && first.value.regionName) || request.regionCode;
        const name = `${table.title}_${regionName}_${request.month}.${format}`;
        res.status(200);
        res.setHeader(
          'content-type',
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        );
        res.setHeader('content-disposition', disposition(name, request, format));
        res.setHeader('cache-control', 'no-store');
        started = true;
        const all = (async function* () {
          if (!first.done) yield first.value;
          yield* pages;
        })();
        if (format === 'csv') await writeCsv(res, table, all);
        else await writeXlsx(res, table, request, regionName, all);
        res.end();
      } catch (e) {
        if (started) {
          // the header is out: cutting the connection is the only way to say the file is incomplete
          log.error('report file failed while streaming', { error: (e as Error).message });
          res.destroy(e as Error);
          return;
        }
        const refusal = toRefusal(e);
        if (refusal.status >= 500) log.error('report file failed', { error: (e as Error).message });
        for (const [k, v] of Object.entries(refusal.headers)) res.setHeader(k, v);
        res.status(refusal.status).json({
          errors: [
            {
              message: refusal.message,
              extensions: { code: refusal.code, ...(refusal.field ? { field: refusal.field } : {}) },
            },
          ],
        });
      }
    });
  };
}

function parseFile(req: express.Request): [ReportRequest, 'csv' | 'xlsx'] {
  const m = /^(.+)\.(csv|xlsx)$/.exec(String(req.params.file));
  if (!m)
    throw new ReportRefusal(
      400,
      'BAD_USER_INPUT',
      'format: the file is <table>.csv or <table>.xlsx',
      'format',
    );
  const one = (v: unknown) => (typeof v === 'string' ? v : '');
  const request = parseReportRequest(
    { table: m[1], regionCode: one(req.query.region), month: one(req.query.month) },
    URL_FIELDS,
  );
  return [request, m[2] as 'csv' | 'xlsx'];
}

async function authenticate(
  req: express.Request,
  verify: TokenVerifier,
  admit?: (req: express.Request, context: GatewayContext | undefined) => void,
): Promise<GatewayContext> {
  let context: GatewayContext;
  try {
    context = await createContext(req, verify);
  } catch (e) {
    admit?.(req, undefined);
    throw e;
  }
  admit?.(req, context);
  if (!context.identity) throw new ReportRefusal(403, 'FORBIDDEN', 'reports are for staff');
  return context;
}

/**
 * The report's pages. The next page is asked as soon as a page arrives, while it is being written
 * (one page ahead, never more: a slow client still slows the reading down, and a district is never
 * held whole).
 */
async function* readPages(execute: Execute, context: GatewayContext, request: ReportRequest) {
  const ask = async (after: string | null, first: number, withRegion: boolean): Promise<Page> => {
    const result = await execute(
      PAGE,
      { ...request, first, after, withRegion },
      { ...context, idNumbers: undefined },
    );
    if (result.errors?.length) throw graphQLRefusal(result.errors[0]);
    const report = result.data.monthlyReport;
    return {
      regionName: withRegion ? result.data.region?.name : undefined,
      rows: report.rows,
      endCursor: report.endCursor,
      hasNextPage: report.hasNextPage,
    };
  };
  let next: Promise<Page> | null = ask(null, FIRST_FILE_PAGE_ROWS, true);
  while (next) {
    const page: Page = await next;
    next = page.hasNextPage && page.endCursor ? ask(page.endCursor, FILE_PAGE_ROWS, false) : null;
    // a page read ahead that is never written (the client went away) must not fail unobserved
    next?.catch(() => undefined);
    yield page;
  }
}

function graphQLRefusal(error: { message: string; extensions?: Record<string, unknown> }): ReportRefusal {
  const code = String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  const field = error.extensions?.field as string | undefined;
  const named = field ? ((URL_FIELDS as Record<string, string>)[field] ?? field) : undefined;
  const message = field && named !== field ? error.message.replace(`${field}:`, `${named}:`) : error.message;
  return new ReportRefusal(STATUS[code] ?? 502, code, message, named);
}

function toRefusal(e: unknown): ReportRefusal {
  if (e instanceof ReportRefusal) return e;
  if (e instanceof AppError) {
    const field = e.details.field as string | undefined;
    return new ReportRefusal(e.httpStatus ?? STATUS[e.code] ?? 400, e.code, e.message, field);
  }
  if (e instanceof GraphQLError) {
    const ext = e.extensions as { code?: string; http?: { status?: number; headers?: Map<string, string> } };
    const headers = Object.fromEntries(ext.http?.headers ?? []);
    return new ReportRefusal(
      ext.http?.status ?? 400,
      ext.code ?? 'BAD_REQUEST',
      e.message,
      undefined,
      headers,
    );
  }
  return new ReportRefusal(500, 'INTERNAL_SERVER_ERROR', 'internal error; it has been logged');
}

/** The file name: the table's name, the region and the month (RFC 6266, UTF-8 with an ASCII fallback). */
function disposition(name: string, request: ReportRequest, format: string): string {
  const ascii = `${request.table}_${request.regionCode}_${request.month}.${format}`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** A cell as text for a file: free text that a spreadsheet would run as a formula is escaped. */
function textCell(column: ReportColumn, value: string): string {
  return column.kind === 'text' ? escapeFormula(value) : value;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Waits for the socket when its buffer is full, so a slow client slows the reading down. */
function write(res: express.Response, chunk: string): Promise<void> | void {
  if (res.write(chunk)) return;
  return new Promise((resolve, reject) => {
    const drained = () => {
      res.off('close', gone);
      resolve();
    };
    const gone = () => {
      res.off('drain', drained);
      reject(new Error('the client went away'));
    };
    res.once('drain', drained);
    res.once('close', gone);
  });
}

/** UTF-8 with a BOM and CRLF, the header first (Excel opens it; a program reads line one). */
async function writeCsv(res: express.Response, table: ReportTable, pages: AsyncIterable<Page>) {
  await write(res, '\uFEFF' + table.columns.map((c) => csvField(c.header)).join(',') + '\r\n');
  for await (const page of pages) {
    const lines = page.rows.map(
      (row) => row.map((v, i) => csvField(textCell(table.columns[i], v))).join(',') + '\r\n',
    );
    if (lines.length) await write(res, lines.join(''));
  }
}

/** A China-time calendar date as the spreadsheet's date (midnight UTC, shown as yyyy-mm-dd). */
function dateCell(value: string): Date | string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : value;
}

function xlsxValue(column: ReportColumn, value: string): ExcelJS.CellValue {
  if (value === '') return null;
  switch (column.kind) {
    case 'index':
    case 'number':
      return Number.isFinite(Number(value)) ? Number(value) : value;
    case 'date':
      return dateCell(value);
    case 'id':
      return value;
    default:
      return escapeFormula(value);
  }
}

/**
 * A streamed workbook: the table's name and the 所属街镇 line above the header, the header frozen,
 * column widths from the table's data, ID numbers as text (never a number in scientific notation),
 * dates as dates.
 */
async function writeXlsx(
  res: express.Response,
  table: ReportTable,
  request: ReportRequest,
  regionName: string,
  pages: AsyncIterable<Page>,
) {
  // loaded on the first workbook: ~300 modules the gateway's start-up does not need
  const { stream } = (await import('exceljs')).default;
  const workbook = new stream.xlsx.WorkbookWriter({
    stream: res,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(table.title.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  sheet.columns = table.columns.map((c) => ({
    width: c.width,
    style: c.kind === 'id' ? { numFmt: '@' } : c.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : {},
  }));
  const [year, month] = request.month.split('-');
  const title = sheet.addRow([table.title]);
  title.font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, table.columns.length);
  title.commit();
  sheet.addRow([`${table.regionLabel}：${regionName}\u3000\u3000${year}年${Number(month)}月`]).commit();
  const header = sheet.addRow(table.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  header.commit();
  for await (const page of pages) {
    for (const cells of page.rows) {
      const row = sheet.addRow(cells.map((v, i) => xlsxValue(table.columns[i], v)));
      table.columns.forEach((c, i) => {
        if (c.kind === 'id') row.getCell(i + 1).numFmt = '@';
        if (c.kind === 'date') row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
      });
      row.commit();
    }
  }
  sheet.commit();
  await workbook.commit();
}

/**
 * An operation that reads a monthly table (a file download, or a partner's own `monthlyReport`) gives
 * each of its subgraph requests `timeoutMs` instead of SUBGRAPH_TIMEOUT_MS: a page of up to 2,000
 * people with every department's columns is work, not a lookup, and must not be cut off as if the
 * department were down.
 */
export function reportTimeoutPlugin(timeoutMs: number): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          const reads = !!operation?.selectionSet.selections.some(
            (s) => s.kind === Kind.FIELD && s.name.value === 'monthlyReport',
          );
          if (reads) contextValue.subgraphTimeoutMs = timeoutMs;
        },
      };
    },
  };
}
