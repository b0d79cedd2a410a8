/**
 * Only the gateway reaches a subgraph. The gateway signs every subgraph request with the key it
 * shares with the subgraphs alone (`GATEWAY_SIGNING_KEY`): a one-minute token for that subgraph
 * carrying the verified caller and a hash of the exact body it sends, so a signed request can be
 * neither redirected to another subgraph nor given another query. (The request id travels once, in
 * its own signed header: shared/request-context.ts.) Services calling
 * each other carry their own service credential (shared/auth.ts). Anything else — a user's token
 * sent straight to a subgraph port, no token, an edited body — is UNAUTHENTICATED.
 */
import { createHash } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
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

const keyCache = new Map<string, Uint8Array>();
function key(secret: string): Uint8Array {
  let k = keyCache.get(secret);
  if (!k) keyCache.set(secret, (k = new TextEncoder().encode(secret)));
  return k;
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
  const token = await new SignJWT({ ...claims, bh: bodyHash(body) })
    .setProtectedHeader({ alg: 'HS256', typ: 'gateway+jwt' })
    .setIssuer(GATEWAY_ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${ASSERTION_TTL_SECONDS}s`)
    .sign(key(config.GATEWAY_SIGNING_KEY));
  return `Bearer ${token}`;
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
  let payload;
  try {
    ({ payload } = await jwtVerify(match[1], key(config.GATEWAY_SIGNING_KEY), {
      algorithms: ['HS256'],
      issuer: [GATEWAY_ISSUER, SERVICE_ISSUER],
      audience: [audience, SERVICE_AUDIENCE],
      requiredClaims: ['exp', 'iat', 'sub'],
    }));
  } catch {
    throw new UnauthenticatedError('this subgraph answers the gateway only');
  }
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
