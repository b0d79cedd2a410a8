/**
 * Identity. Every request to the gateway carries `Authorization: Bearer <JWT>` naming the user,
 * department, role and the region the user may see (a region sees everything under it; no region =
 * the whole country, which only ADMIN may hold), or a CITIZEN token naming a person. Only the gateway
 * verifies users' tokens: in production against the identity provider's JWKS (ES256 / EdDSA), in
 * development (AUTH_MODE=development, chosen explicitly) with the HS256 development key.
 *
 * Subgraphs never see a user's token: the gateway signs each call with the key it shares with them
 * alone (shared/internal-auth.ts), and services call each other with their own service credential.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import {
  JWTPayload,
  JWTVerifyGetKey,
  SignJWT,
  createLocalJWKSet,
  createRemoteJWKSet,
  jwtVerify,
  errors as joseErrors,
} from 'jose';
import { z } from 'zod';
import { Department } from './departments';
import { ForbiddenError, UnauthenticatedError } from './errors';
import { parseIdNumber } from './id-number';
import { isWithinRegion, regionLevel } from './regions';

export enum Role {
  ADMIN = 'ADMIN',
  STAFF = 'STAFF',
  VISITOR = 'VISITOR',
  WINDOW = 'WINDOW',
  DASHBOARD = 'DASHBOARD',
}

/** A member of staff, or a service acting on its own behalf (`service: true`). */
export interface Identity {
  user: string;
  department: Department;
  role: Role;
  /** region code the user may see, or null for the whole country (ADMIN only) */
  region: string | null;
  /** set only from a service credential's verified signature, never from a name */
  service?: true;
}

/** A person asking about their own record (CITIZEN token): opens `myAccessLog` and nothing else. */
export interface Citizen {
  idNumber: string;
}

/** Who a verified token speaks for: a member of staff or a citizen. */
export type Principal =
  { identity: Identity; citizen?: undefined } | { citizen: Citizen; identity?: undefined };

export interface AuthConfig {
  AUTH_MODE: 'jwks' | 'development';
  JWT_SECRET?: string;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  JWKS_URL?: string;
  JWKS_FILE?: string;
}

export const CITIZEN_ROLE = 'CITIZEN';

const region = z
  .string()
  .refine((r) => regionLevel(r) !== undefined, 'region must be a 2/4/6/9/12-digit division code')
  .nullish();

const staffClaims = z
  .object({
    sub: z.string().min(1),
    department: z.enum(Department),
    role: z.enum(Role),
    region,
  })
  .refine((c) => c.region || c.role === Role.ADMIN, {
    message: 'only ADMIN may hold a token for the whole country; give a region',
  });

const citizenClaims = z.object({
  role: z.literal(CITIZEN_ROLE),
  sub: z.string().min(1),
  idNumber: z.string().min(1),
});

const key = (secret: string) => new TextEncoder().encode(secret);

function developmentKey(config: AuthConfig): Uint8Array {
  if (config.AUTH_MODE !== 'development' || !config.JWT_SECRET)
    throw new Error('development tokens need AUTH_MODE=development');
  return key(config.JWT_SECRET);
}

/** A development token for a member of staff (HS256, development key), as `npm run token` prints. */
export async function signToken(
  identity: Omit<Identity, 'service'>,
  config: AuthConfig,
  ttl: string | number = '12h',
): Promise<string> {
  const parsed = staffClaims.safeParse({ sub: identity.user, ...identity });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  return new SignJWT({ department: identity.department, role: identity.role, region: identity.region })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.user)
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(developmentKey(config));
}

/** A development CITIZEN token for the person with this ID number. */
export async function signCitizenToken(
  rawIdNumber: string,
  config: AuthConfig,
  ttl: string | number = '1h',
): Promise<string> {
  const { idNumber } = parseIdNumber(rawIdNumber, 'idNumber');
  return new SignJWT({ role: CITIZEN_ROLE, idNumber })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`citizen:${idNumber}`)
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(developmentKey(config));
}

/**
 * The identity provider's public keys from a JWKS file, re-read when the file changes (checked at
 * most every `recheckMs`, and at once for a key id it does not hold), so keys rotate without restart.
 */
export function fileJwks(file: string, recheckMs = 5000): JWTVerifyGetKey {
  let loaded: { keys: JWTVerifyGetKey; mtimeMs: number; kids: Set<string> } | undefined;
  let checkedAt = 0;
  const load = async (force: boolean) => {
    const now = Date.now();
    if (loaded && !force && now - checkedAt < recheckMs) return loaded;
    checkedAt = now;
    const { mtimeMs } = await stat(file);
    if (loaded && loaded.mtimeMs === mtimeMs) return loaded;
    const jwks = JSON.parse(await readFile(file, 'utf8'));
    loaded = {
      keys: createLocalJWKSet(jwks),
      mtimeMs,
      kids: new Set((jwks.keys ?? []).map((k: { kid?: string }) => k.kid).filter(Boolean)),
    };
    return loaded;
  };
  return async (header, token) => {
    let current = await load(false);
    if (header.kid && !current.kids.has(header.kid)) current = await load(true);
    return current.keys(header, token);
  };
}

export type TokenVerifier = (authorization: string | undefined) => Promise<Principal>;

/**
 * Verifies `Authorization: Bearer …` (UNAUTHENTICATED with the reason otherwise). `exp`, `iat`,
 * `iss` and `aud` are required; `alg: none` and any algorithm but the mode's are refused.
 */
export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  let keys: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (config.AUTH_MODE === 'development') {
    keys = developmentKey(config);
    algorithms = ['HS256'];
  } else if (config.JWKS_URL) {
    // cached; an unknown key id fetches the set again (at most every 30 s): keys rotate without restart
    keys = createRemoteJWKSet(new URL(config.JWKS_URL), { cacheMaxAge: 600_000, cooldownDuration: 30_000 });
    algorithms = ['ES256', 'EdDSA'];
  } else if (config.JWKS_FILE) {
    keys = fileJwks(config.JWKS_FILE);
    algorithms = ['ES256', 'EdDSA'];
  } else {
    throw new Error('set JWKS_URL or JWKS_FILE (the identity provider keys), or AUTH_MODE=development');
  }
  const options = {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    algorithms,
    requiredClaims: ['exp', 'iat', 'iss', 'aud', 'sub'],
  };
  const verified = new VerifiedTokens();
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new UnauthenticatedError();
    const known = verified.get(match[1]);
    if (known) return known;
    let payload: JWTPayload;
    try {
      ({ payload } =
        keys instanceof Uint8Array
          ? await jwtVerify(match[1], keys, options)
          : await jwtVerify(match[1], keys, options));
    } catch (e) {
      const reason =
        e instanceof joseErrors.JWTExpired
          ? 'the token has expired'
          : e instanceof joseErrors.JWTClaimValidationFailed
            ? `the token's ${e.claim} claim is missing or not accepted`
            : 'the token is not valid';
      throw new UnauthenticatedError(reason);
    }
    const principal = principalOf(payload);
    verified.set(match[1], principal, payload.exp!);
    return principal;
  };
}

/** how long a verified token is taken on trust before its signature is checked again */
const VERIFIED_TOKEN_TTL_MS = 60_000;
const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * Tokens already verified, by their SHA-256 (the token itself is not kept), with the principal they
 * name, until the token expires or for a minute at most (so a key withdrawn from the JWKS stops
 * working within a minute). A client sends the same token on every request: its signature is
 * checked once a minute, not on each. A token that failed is never kept; the oldest entry goes
 * when the map is full. Each hit returns a copy, so no request can change another's principal.
 */
class VerifiedTokens {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();

  get(token: string): Principal | undefined {
    const key = digest(token);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    const { identity, citizen } = entry.principal;
    return identity ? { identity: { ...identity } } : { citizen: { ...citizen! } };
  }

  set(token: string, principal: Principal, expSeconds: number): void {
    if (this.entries.size >= VERIFIED_TOKENS_KEPT) this.entries.delete(this.entries.keys().next().value!);
    const until = Math.min(expSeconds * 1000, Date.now() + VERIFIED_TOKEN_TTL_MS);
    const { identity, citizen } = principal;
    this.entries.set(digest(token), {
      principal: identity ? { identity: { ...identity } } : { citizen: { ...citizen! } },
      until,
    });
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** The principal a verified token's claims name. */
export function principalOf(payload: JWTPayload): Principal {
  if (payload.role === CITIZEN_ROLE) {
    const parsed = citizenClaims.safeParse(payload);
    if (!parsed.success)
      throw new UnauthenticatedError('token claims rejected: a citizen token names a person');
    try {
      return { citizen: { idNumber: parseIdNumber(parsed.data.idNumber, 'idNumber').idNumber } };
    } catch {
      throw new UnauthenticatedError('token claims rejected: the idNumber claim is not an ID number');
    }
  }
  const parsed = staffClaims.safeParse(payload);
  if (!parsed.success) {
    throw new UnauthenticatedError(
      `token claims rejected: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  const c = parsed.data;
  return { identity: { user: c.sub, department: c.department, role: c.role, region: c.region ?? null } };
}

export interface Requirement {
  departments?: Department[];
  roles?: Role[];
  /** the region the data belongs to; the identity's region must contain it */
  regionCode?: string;
}

/** Throws FORBIDDEN naming what is missing. ADMIN of a department is bound by its department. */
export function authorize(identity: Identity, need: Requirement, action: string): void {
  if (need.departments && !need.departments.includes(identity.department)) {
    throw new ForbiddenError(`${action} is for ${need.departments.join(' or ')}, not ${identity.department}`);
  }
  if (need.roles && !need.roles.includes(identity.role)) {
    throw new ForbiddenError(`${action} needs role ${need.roles.join(' or ')}, not ${identity.role}`);
  }
  if (need.regionCode && !isWithinRegion(need.regionCode, identity.region)) {
    throw new ForbiddenError(
      `${action}: region ${need.regionCode} is outside your region ${identity.region}`,
    );
  }
}

/** The internal key's settings: the gateway and the subgraphs share it, nobody else. */
export interface InternalAuthConfig {
  GATEWAY_SIGNING_KEY: string;
}

export const SERVICE_ISSUER = 'service';
export const SERVICE_AUDIENCE = 'subgraphs';

/**
 * A service's own credential for calls between departments that no user asked for in the moment
 * (outbox deliveries, a partner's registry check before a write, the gateway's event feed): a
 * short-lived token signed with the internal key, naming the service, never a user's token passed
 * on. Re-signed a minute before it expires. It opens only the operations the access policy lists
 * for that service (shared/access-policy.ts).
 */
export class ServiceCredential {
  private cached: { header: Promise<string>; expires: number } | undefined;

  constructor(
    private readonly config: InternalAuthConfig,
    readonly department: Department,
    readonly purpose: string,
    private readonly ttlSeconds = 600,
  ) {}

  get user(): string {
    return `service:${this.department.toLowerCase()}:${this.purpose}`;
  }

  authorization(now = Date.now()): Promise<string> {
    if (!this.cached || this.cached.expires - 60_000 <= now) {
      const header = new SignJWT({ department: this.department, purpose: this.purpose })
        .setProtectedHeader({ alg: 'HS256', typ: 'service+jwt' })
        .setSubject(this.user)
        .setIssuer(SERVICE_ISSUER)
        .setAudience(SERVICE_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${this.ttlSeconds}s`)
        .sign(key(this.config.GATEWAY_SIGNING_KEY))
        .then((token) => `Bearer ${token}`);
      this.cached = { header, expires: now + this.ttlSeconds * 1000 };
      header.catch(() => (this.cached = undefined));
    }
    return this.cached.header;
  }
}

/** Whether a caller is a service (its own verified credential), not a person. */
export function isService(identity: Identity, department?: Department): boolean {
  return identity.service === true && (!department || identity.department === department);
}

/** Internal operations open to one department's service credential only, never to a person's token. */
export function requireService(identity: Identity, department: Department, action: string): void {
  if (!isService(identity, department)) {
    throw new ForbiddenError(`${action} is internal to ${department}'s services`);
  }
}
