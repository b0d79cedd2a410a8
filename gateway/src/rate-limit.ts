/**
 * A token bucket per caller: the verified token's `user` (a citizen's ID number), or the client's
 * address for a request without a valid token. Checked once the request's context is made (the
 * token verified once, by the context), before the operation runs. In memory: each gateway instance keeps its own buckets,
 * so N instances behind a balancer allow up to N times the rate.
 */
import { HeaderMap } from '@apollo/server';
import type express from 'express';
import { GraphQLError } from 'graphql';
import type { GatewayLimits } from './config';
import type { GatewayContext } from './context';

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep: number;
  /** tokens per millisecond */
  private readonly rate: number;

  constructor(
    perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.rate = perMinute / 60_000;
    this.lastSweep = now();
  }

  /** Takes one token for `key`: 0 when granted, otherwise the seconds until the next one. */
  take(key: string): number {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.rate / 1000));
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Once a minute, forgets buckets that have filled up again (they would start full anyway). */
  private sweep(now: number) {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    const fullAfter = this.burst / this.rate;
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= fullAfter) this.buckets.delete(key);
  }
}

/** Whose bucket a request takes from: the verified user (or citizen), else the client's address. */
function callerKey(req: express.Request, context: GatewayContext | undefined): string {
  if (context?.identity) return `user:${context.identity.user}`;
  if (context?.citizen) return `citizen:${context.citizen.idNumber}`;
  return `ip:${req.ip}`;
}

/** The gateway's `admit` hook: throws 429 RATE_LIMITED with Retry-After once a caller's bucket is empty. */
export function rateLimit(
  limit: GatewayLimits['rateLimit'],
): ((req: express.Request, context: GatewayContext | undefined) => void) | undefined {
  if (!limit) return undefined;
  const buckets = new TokenBuckets(limit.perMinute, limit.burst);
  return (req, context) => {
    const retryAfter = buckets.take(callerKey(req, context));
    if (!retryAfter) return;
    throw new GraphQLError(
      `rate limit: at most ${limit.perMinute} requests a minute (bursts of ${limit.burst}); retry after ${retryAfter} s`,
      {
        extensions: {
          code: 'RATE_LIMITED',
          retryAfter,
          // Apollo Server reads a HeaderMap here; the cast only quiets graphql-yoga's augmentation of
          // GraphQLErrorExtensions (Record<string, string>), which the bench's Hive Gateway brings into the type check
          http: {
            status: 429,
            headers: new HeaderMap([['retry-after', String(retryAfter)]]) as unknown as Record<
              string,
              string
            >,
          },
        },
      },
    );
  };
}
