import { GraphQLError } from 'graphql';
import { DepartmentUnavailableError, logDetail } from '../../shared/errors';
import { formatError } from '../../shared/graphql-errors';
import { configureLogging } from '../../shared/logging';
import { loadGatewayLimits } from '../../gateway/src/config';
import { TokenBuckets } from '../../gateway/src/rate-limit';

describe('the rate limit bucket', () => {
  it('grants a burst, then says how many seconds until the next request', () => {
    let now = 0;
    const buckets = new TokenBuckets(60, 3, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(1);
    now += 1000;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
  });

  it('keeps one bucket per caller', () => {
    const buckets = new TokenBuckets(60, 1, () => 0);
    expect(buckets.take('user:a')).toBe(0);
    expect(buckets.take('user:a')).toBe(1);
    expect(buckets.take('user:b')).toBe(0);
  });

  it('forgets buckets that have filled up again', () => {
    let now = 0;
    const buckets = new TokenBuckets(600, 10, () => now);
    buckets.take('ip:10.0.0.1');
    now += 61_000;
    buckets.take('ip:10.0.0.2');
    expect(buckets.size).toBe(1);
  });
});

describe('the gateway limits configuration', () => {
  it('limits every operation by default', () => {
    expect(loadGatewayLimits({})).toEqual({
      operation: { depth: 12, aliases: 30, directives: 20, tokens: 3000, cost: 2500 },
      maxBodyBytes: 256 * 1024,
      rateLimit: { perMinute: 600, burst: 120 },
      websocket: { maxPayloadBytes: 64 * 1024, maxSubscriptions: 20, initTimeoutMs: 3000, replayLimit: 1000 },
    });
  });

  it('has no rate limit under NODE_ENV=test unless one is set', () => {
    expect(loadGatewayLimits({ NODE_ENV: 'test' }).rateLimit).toBeNull();
    expect(loadGatewayLimits({ NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '5' }).rateLimit).toEqual({
      perMinute: 5,
      burst: 1,
    });
    expect(loadGatewayLimits({ RATE_LIMIT_PER_MINUTE: '0' }).rateLimit).toBeNull();
  });

  it('stops with a message naming a bad limit', () => {
    expect(() => loadGatewayLimits({ QUERY_MAX_DEPTH: 'deep' })).toThrow(/QUERY_MAX_DEPTH/);
  });
});

describe('what an error may tell the client', () => {
  beforeAll(() => configureLogging('test', 'silent', false));
  const sql = 'relation "subjects" does not exist: select * from subjects where id_number = $1';

  it("gives a subgraph's INTERNAL_SERVER_ERROR, with or without a path, as a generic message", () => {
    for (const path of [['subjectByIdNumber'], undefined]) {
      const error = new GraphQLError(sql, {
        path,
        extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'civil-affairs' },
      });
      expect(formatError(error.toJSON(), error)).toEqual({
        message: 'internal error; it has been logged',
        path,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    }
  });

  it('a transaction PostgreSQL aborted for another (deadlock, serialization) is a CONFLICT to try again', () => {
    for (const code of ['40P01', '40001']) {
      const driverError = Object.assign(new Error('deadlock detected'), { code });
      const error = new GraphQLError('deadlock detected', {
        path: ['endVisit'],
        originalError: Object.assign(new Error('deadlock detected'), { driverError }),
      });
      expect(formatError(error.toJSON(), error)).toEqual({
        message: 'another change to the same records ran at the same moment; nothing was written; try again',
        path: ['endVisit'],
        extensions: { code: 'CONFLICT', retry: true },
      });
    }
    const other = Object.assign(new Error('duplicate key'), { code: '23505' });
    const error = new GraphQLError('duplicate key', { path: ['endVisit'], originalError: other });
    expect(formatError(error.toJSON(), error).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('names the unavailable department, never why; the log keeps why', () => {
    const error = new DepartmentUnavailableError('CIVIL_AFFAIRS', 'connect ECONNREFUSED 10.0.0.5:4001');
    const formatted = formatError({ message: error.message }, error);
    expect(formatted).toEqual({
      message: 'department CIVIL_AFFAIRS is unavailable',
      extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: 'CIVIL_AFFAIRS' },
    });
    expect(logDetail(error)).toBe(
      'department CIVIL_AFFAIRS is unavailable (connect ECONNREFUSED 10.0.0.5:4001)',
    );
  });
});
