/**
 * Only the gateway reaches a subgraph. The gateway signs every subgraph request with the key it
 * shares with the subgraphs alone (`GATEWAY_SIGNING_KEY`): a one-minute token for that subgraph
 * carrying the verified caller and a hash of the exact body it sends, so a signed request can be
 * neither redirected to another subgraph nor given another query. (The request id travels once, in
 * its own signed header: shared/request-context.ts.) Services calling
 * each other carry their own service credential (shared/auth.ts). Anything else — a user's token
 * sent straight to a subgraph port, no token, an edited body — is UNAUTHENTICATED.
 */
import { KeyObject, createHash, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { z } from 'zod';
import {
  CITIZEN_ROLE,
  InternalAuthConfig,
  Principal,
  Role,
  SERVICE_AUDIENCE,
  SERVICE_ISSUER,
  principalOf,
} from './auth';
import { Department } from './departments';
import { UnauthenticatedError } from './errors';

export const GATEWAY_ISSUER = 'gateway';
/** how long a gateway-signed request stays valid (clock skew between hosts included) */
const ASSERTION_TTL_SECONDS = 60;

export function bodyHash(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url');
}

const keyCache = new Map<string, KeyObject>();
function key(secret: string): KeyObject {
  let k = keyCache.get(secret);
  if (!k) keyCache.set(secret, (k = createSecretKey(Buffer.from(secret, 'utf8'))));
  return k;
}

/*
 * The internal tokens are compact JWS, HS256, exactly as jose writes and reads them (a service
 * credential from shared/auth.ts is one too), but signed and checked here with node:crypto's HMAC,
 * synchronously: jose's Web Crypto path imports the key and queues an async job for every token,
 * and the gateway signs six of them per full lookup (bench/cpu.ts measured the difference).
 */
const GATEWAY_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'gateway+jwt' })).toString(
  'base64url',
);
const BASE64URL = /^[A-Za-z0-9_-]*$/;

function hs256(secret: string, signingInput: string): Buffer {
  return createHmac('sha256', key(secret)).update(signingInput).digest();
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The claims of an HS256 token under `secret`, or undefined: what jose's `jwtVerify` accepts with
 * `algorithms: ['HS256']`, these issuers and audiences, and `exp`, `iat`, `sub` required (no clock
 * tolerance; `crit` headers are refused, as jose refuses any it does not know).
 */
function verifyHs256(
  token: string,
  secret: string,
  issuers: string[],
  audiences: string[],
): JWTPayload | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => BASE64URL.test(p))) return undefined;
  const [encodedHeader, encodedPayload, encodedSignature] = parts;
  const header = decodeJson(encodedHeader);
  if (!header || header.alg !== 'HS256' || header.crit !== undefined || header.b64 !== undefined)
    return undefined;
  const given = Buffer.from(encodedSignature, 'base64url');
  const expected = hs256(secret, `${encodedHeader}.${encodedPayload}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const payload = decodeJson(encodedPayload);
  if (!payload) return undefined;
  const now = Math.floor(Date.now() / 1000);
  const { iss, aud, exp, iat, nbf, sub } = payload;
  if (typeof iss !== 'string' || !issuers.includes(iss)) return undefined;
  const audience = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audience.some((a) => audiences.includes(a))) return undefined;
  if (typeof exp !== 'number' || exp <= now) return undefined;
  if (typeof iat !== 'number' || sub === undefined) return undefined;
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now)) return undefined;
  return payload as JWTPayload;
}

/** The gateway's signature over one subgraph request: `Bearer <token>`. */
export async function signGatewayRequest(
  principal: Principal,
  audience: string,
  body: string,
  config: InternalAuthConfig,
): Promise<string> {
  const claims = principal.citizen
    ? {
        role: CITIZEN_ROLE,
        idNumber: principal.citizen.idNumber,
        sub: `citizen:${principal.citizen.idNumber}`,
      }
    : {
        sub: principal.identity.user,
        department: principal.identity.department,
        role: principal.identity.role,
        region: principal.identity.region,
      };
  const iat = Math.floor(Date.now() / 1000);
  const payload = Buffer.from(
    JSON.stringify({
      ...claims,
      bh: bodyHash(body),
      iss: GATEWAY_ISSUER,
      aud: audience,
      iat,
      exp: iat + ASSERTION_TTL_SECONDS,
    }),
  ).toString('base64url');
  const signingInput = `${GATEWAY_HEADER}.${payload}`;
  const signature = hs256(config.GATEWAY_SIGNING_KEY, signingInput).toString('base64url');
  return `Bearer ${signingInput}.${signature}`;
}

const serviceClaims = z.object({
  sub: z.string().regex(/^service:[a-z_-]+:[a-z0-9-]+$/),
  department: z.enum(Department),
});

/**
 * A subgraph's check of an incoming request: signed by the gateway for this subgraph over this very
 * body, or a service credential. Throws UNAUTHENTICATED otherwise.
 */
export async function verifyInternalRequest(
  authorization: string | undefined,
  rawBody: Uint8Array | string | undefined,
  audience: string,
  config: InternalAuthConfig,
): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw new UnauthenticatedError('this subgraph answers the gateway only');
  const payload = verifyHs256(
    match[1],
    config.GATEWAY_SIGNING_KEY,
    [GATEWAY_ISSUER, SERVICE_ISSUER],
    [audience, SERVICE_AUDIENCE],
  );
  if (!payload) throw new UnauthenticatedError('this subgraph answers the gateway only');
  if (payload.iss === SERVICE_ISSUER) {
    const parsed = serviceClaims.safeParse(payload);
    if (!parsed.success || payload.aud !== SERVICE_AUDIENCE)
      throw new UnauthenticatedError('service credential rejected');
    return {
      identity: {
        user: parsed.data.sub,
        department: parsed.data.department,
        role: Role.ADMIN,
        region: null,
        service: true,
      },
    };
  }
  // the gateway's signature binds this subgraph and this body
  if (payload.aud !== audience || payload.bh !== bodyHash(rawBody ?? ''))
    throw new UnauthenticatedError('this subgraph answers the gateway only');
  if ((payload.iat ?? 0) + ASSERTION_TTL_SECONDS + 5 < Date.now() / 1000)
    throw new UnauthenticatedError('this subgraph answers the gateway only');
  return principalOf(payload);
}
