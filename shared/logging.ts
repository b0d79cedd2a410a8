/**
 * One logger: JSON lines on stderr in production, short readable lines otherwise. Never logs
 * request bodies (they carry ID numbers and incomes).
 */
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { currentRequestId } from './request-context';

type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

const settings: { level: Level; json: boolean; service: string } = {
  level: 'info',
  json: false,
  service: '',
};

export function configureLogging(service: string, level: Level, json: boolean): void {
  Object.assign(settings, { service, level, json });
}

function write(level: Exclude<Level, 'silent'>, message: string, given?: Record<string, unknown>) {
  if (ORDER[level] < ORDER[settings.level]) return;
  // a line written while serving a request names it: one lookup's lines share the gateway's id
  // and, with tracing on (shared/tracing.ts), the trace it belongs to
  const requestId = currentRequestId();
  const traceId = currentTraceId();
  const fields =
    requestId || traceId
      ? { ...(requestId ? { requestId } : {}), ...(traceId ? { traceId } : {}), ...given }
      : given;
  if (settings.json) {
    process.stderr.write(
      JSON.stringify({ t: new Date().toISOString(), level, service: settings.service, message, ...fields }) +
        '\n',
    );
  } else {
    const extra = fields && Object.keys(fields).length ? ' ' + JSON.stringify(fields) : '';
    process.stderr.write(
      `${settings.service ? `[${settings.service}] ` : ''}${level === 'info' ? '' : level + ': '}${message}${extra}\n`,
    );
  }
}

/** The trace of the span running now; undefined when tracing is off (no provider: no valid span). */
function currentTraceId(): string | undefined {
  const span = trace.getActiveSpan()?.spanContext();
  return span && isSpanContextValid(span) ? span.traceId : undefined;
}

export const log = {
  debug: (m: string, f?: Record<string, unknown>) => write('debug', m, f),
  info: (m: string, f?: Record<string, unknown>) => write('info', m, f),
  warn: (m: string, f?: Record<string, unknown>) => write('warn', m, f),
  error: (m: string, f?: Record<string, unknown>) => write('error', m, f),
};
