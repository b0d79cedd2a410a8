/**
 * Identity: every request carries `Authorization: Bearer <JWT>` naming the user, department, role
 * and the region the user may see (a region sees everything under it; no region = the whole
 * country, which only ADMIN may hold). The gateway verifies it; subgraphs verify it again, so a
 * subgraph reached directly never trusts an unsigned caller.
 */
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { z } from 'zod';
import { Department } from './departments';
import { ForbiddenError, UnauthenticatedError } from './errors';
import { isWithinRegion, regionLevel } from './regions';

export enum Role {
  ADMIN = 'ADMIN',
  STAFF = 'STAFF',
  VISITOR = 'VISITOR',
  WINDOW = 'WINDOW',
  DASHBOARD = 'DASHBOARD',
}

export interface Identity {
  user: string;
  department: Department;
  role: Role;
  /** region code the user may see, or null for the whole country (ADMIN only) */
  region: string | null;
}

export interface AuthConfig {
  JWT_SECRET: string;
  JWT_ISSUER: string;
}

const claims = z
  .object({
    sub: z.string().min(1),
    department: z.enum(Department),
    role: z.enum(Role),
    region: z
      .string()
      .refine((r) => regionLevel(r) !== undefined, 'region must be a 2/4/6/9/12-digit division code')
      .nullish(),
  })
  .refine((c) => c.region || c.role === Role.ADMIN, {
    message: 'only ADMIN may hold a token for the whole country; give a region',
  });

const key = (secret: string) => new TextEncoder().encode(secret);

export async function signToken(
  identity: Identity,
  config: AuthConfig,
  ttl: string | number = '12h',
): Promise<string> {
  const parsed = claims.safeParse({ sub: identity.user, ...identity });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  return new SignJWT({ department: identity.department, role: identity.role, region: identity.region })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.user)
    .setIssuer(config.JWT_ISSUER)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(key(config.JWT_SECRET));
}

/** Verifies `Authorization: Bearer …`; throws UNAUTHENTICATED with the reason otherwise. */
export async function identify(authorization: string | undefined, config: AuthConfig): Promise<Identity> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw new UnauthenticatedError();
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(match[1], key(config.JWT_SECRET), {
      issuer: config.JWT_ISSUER,
      algorithms: ['HS256'],
    }));
  } catch (e) {
    const reason = e instanceof joseErrors.JWTExpired ? 'the token has expired' : 'the token is not valid';
    throw new UnauthenticatedError(reason);
  }
  const parsed = claims.safeParse(payload);
  if (!parsed.success) {
    throw new UnauthenticatedError(
      `token claims rejected: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  const c = parsed.data;
  return { user: c.sub, department: c.department, role: c.role, region: c.region ?? null };
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

/**
 * A service's own credential for calls between departments that no user asked for in the moment
 * (outbox deliveries, a partner's registry check before a write): a short-lived token naming the
 * service, never the user's token passed on. Re-signed a minute before it expires.
 */
export class ServiceCredential {
  private cached: { header: Promise<string>; expires: number } | undefined;

  constructor(
    private readonly config: AuthConfig,
    readonly department: Department,
    readonly purpose: string,
    private readonly ttlSeconds = 600,
  ) {}

  authorization(now = Date.now()): Promise<string> {
    if (!this.cached || this.cached.expires - 60_000 <= now) {
      const header = signToken(
        {
          user: `service:${this.department.toLowerCase()}:${this.purpose}`,
          department: this.department,
          role: Role.ADMIN,
          region: null,
        },
        this.config,
        `${this.ttlSeconds}s`,
      ).then((token) => `Bearer ${token}`);
      this.cached = { header, expires: now + this.ttlSeconds * 1000 };
      header.catch(() => (this.cached = undefined));
    }
    return this.cached.header;
  }
}

/** Whether a caller is a service (its own credential), not a person. */
export function isService(identity: Identity, department?: Department): boolean {
  return identity.user.startsWith('service:') && (!department || identity.department === department);
}

/** Internal operations open to one department's service credential only, never to a person's token. */
export function requireService(identity: Identity, department: Department, action: string): void {
  if (!isService(identity, department)) {
    throw new ForbiddenError(`${action} is internal to ${department}'s services`);
  }
}
