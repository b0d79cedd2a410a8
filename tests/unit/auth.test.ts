import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import {
  AuthConfig,
  Role,
  ServiceCredential,
  authorize,
  createTokenVerifier,
  signCitizenToken,
  signToken,
} from '../../shared/auth';
import { DEVELOPMENT_AUTH, commonSchema } from '../../shared/config';
import { Department } from '../../shared/departments';
import { AppError } from '../../shared/errors';
import { bodyHash, signGatewayRequest, verifyInternalRequest } from '../../shared/internal-auth';

const config = commonSchema.parse({ NODE_ENV: 'test', ...DEVELOPMENT_AUTH });
const verify = createTokenVerifier(config);
const li = { user: 'li', department: Department.DISABILITY, role: Role.STAFF, region: '330381' };

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('accepted');
}

/** A token as an attacker would shape it: any claims, any key. */
function forge(claims: Record<string, unknown>, secret = config.JWT_SECRET!) {
  return new SignJWT({ department: 'CHARITY', role: 'STAFF', region: '330381', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('x')
    .sign(new TextEncoder().encode(secret));
}
const now = () => Math.floor(Date.now() / 1000);
const valid = () => ({
  iss: config.JWT_ISSUER,
  aud: config.JWT_AUDIENCE,
  iat: now(),
  exp: now() + 600,
});

describe('identity tokens (development mode)', () => {
  it('round-trips user, department, role and region', async () => {
    const token = await signToken(li, config);
    await expect(verify(`Bearer ${token}`)).resolves.toEqual({ identity: li });
  });

  it('refuses a missing header as UNAUTHENTICATED', async () => {
    expect((await rejection(verify(undefined))).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token signed with another key', async () => {
    const e = await rejection(verify(`Bearer ${await forge(valid(), 'x'.repeat(40))}`));
    expect(e.code).toBe('UNAUTHENTICATED');
  });

  it('refuses alg: none', async () => {
    const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'x', role: 'ADMIN', department: 'HEALTH', ...valid() })}.`;
    expect((await rejection(verify(`Bearer ${unsigned}`))).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token whose claims were edited after signing', async () => {
    const [h, p, s] = (await signToken(li, config)).split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const edited = Buffer.from(JSON.stringify({ ...claims, role: 'ADMIN', region: null })).toString(
      'base64url',
    );
    expect((await rejection(verify(`Bearer ${h}.${edited}.${s}`))).code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token and says so', async () => {
    const e = await rejection(verify(`Bearer ${await signToken(li, config, '-1m')}`));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message).toMatch(/expired/);
  });

  it('takes a verified token on trust only until it expires, and a copy of its principal', async () => {
    const token = `Bearer ${await signToken(li, config, '1s')}`;
    const first = await verify(token);
    first.identity!.role = Role.ADMIN;
    await expect(verify(token)).resolves.toEqual({ identity: li });
    await new Promise((r) => setTimeout(r, Date.now() % 1000 > 0 ? 2000 - (Date.now() % 1000) : 1000));
    const e = await rejection(verify(token));
    expect(e.message).toMatch(/expired/);
  });

  it.each(['exp', 'iat', 'iss', 'aud'])('refuses a token without %s', async (claim) => {
    const claims: Record<string, unknown> = valid();
    delete claims[claim];
    const e = await rejection(verify(`Bearer ${await forge(claims)}`));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message).toMatch(new RegExp(claim));
  });

  it('refuses a token for another audience or issuer', async () => {
    expect((await rejection(verify(`Bearer ${await forge({ ...valid(), aud: 'elsewhere' })}`))).code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await rejection(verify(`Bearer ${await forge({ ...valid(), iss: 'elsewhere' })}`))).code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('will not mint a whole-country token for anyone but ADMIN', async () => {
    await expect(
      signToken({ user: 'w', department: Department.CIVIL_AFFAIRS, role: Role.WINDOW, region: null }, config),
    ).rejects.toThrow(/only ADMIN/);
  });

  it('refuses a forged whole-country token for a non-ADMIN role', async () => {
    const e = await rejection(verify(`Bearer ${await forge({ ...valid(), region: null })}`));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message).toMatch(/only ADMIN/);
  });

  it('gives a citizen token the person it names and no department', async () => {
    const token = await signCitizenToken('33038119520315432X', config);
    await expect(verify(`Bearer ${token}`)).resolves.toEqual({ citizen: { idNumber: '33038119520315432X' } });
    await expect(signCitizenToken('330381195203154321', config)).rejects.toThrow(/check/i);
  });

  it('never treats a user named like a service as a service', async () => {
    const token = await signToken({ ...li, user: 'service:civil-affairs:partner' }, config);
    const { identity } = await verify(`Bearer ${token}`);
    expect(identity?.service).toBeUndefined();
  });

  it('authorizes by department, role and region, naming what is missing', () => {
    const staff = { user: 'w', department: Department.CIVIL_AFFAIRS, role: Role.STAFF, region: '330381' };
    expect(() =>
      authorize(staff, { departments: [Department.CIVIL_AFFAIRS], regionCode: '330381101009' }, 'x'),
    ).not.toThrow();
    expect(() => authorize(staff, { regionCode: '310118' }, 'x')).toThrow(/outside your region/);
    expect(() => authorize(staff, { roles: [Role.ADMIN] }, 'x')).toThrow(/needs role ADMIN/);
    expect(() => authorize(staff, { departments: [Department.HEALTH] }, 'x')).toThrow(/is for HEALTH/);
  });
});

describe('choosing the keys', () => {
  it('never uses the development key unless AUTH_MODE=development is chosen', () => {
    expect(() => commonSchema.parse({})).toThrow(/GATEWAY_SIGNING_KEY/);
    const production = commonSchema.parse({ GATEWAY_SIGNING_KEY: 'k'.repeat(40) });
    expect(production.JWT_SECRET).toBeUndefined();
    expect(() => createTokenVerifier(production)).toThrow(/JWKS_URL or JWKS_FILE/);
  });

  it('refuses the development keys when NODE_ENV=production', () => {
    expect(() => commonSchema.parse({ NODE_ENV: 'production', ...DEVELOPMENT_AUTH })).toThrow(/AUTH_MODE/);
  });
});

describe('identity tokens from an identity provider (JWKS)', () => {
  let dir: string;
  let file: string;
  let jwksConfig: AuthConfig;
  const keyPair = async (kid: string) => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
  };
  const issue = (k: { kid: string; privateKey: Parameters<SignJWT['sign']>[0] }, claims = {}) =>
    new SignJWT({ department: 'HEALTH', role: 'STAFF', region: '330381', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: k.kid })
      .setSubject('wang')
      .setIssuer(jwksConfig.JWT_ISSUER)
      .setAudience(jwksConfig.JWT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(k.privateKey);

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jwks-'));
    file = path.join(dir, 'jwks.json');
    jwksConfig = commonSchema.parse({ GATEWAY_SIGNING_KEY: 'k'.repeat(40), JWKS_FILE: file });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts an ES256 token signed with a published key, and a rotated key without restart', async () => {
    const first = await keyPair('k1');
    writeFileSync(file, JSON.stringify({ keys: [first.jwk] }));
    const jwksVerify = createTokenVerifier(jwksConfig);
    await expect(jwksVerify(`Bearer ${await issue(first)}`)).resolves.toMatchObject({
      identity: { user: 'wang', department: Department.HEALTH },
    });

    const second = await keyPair('k2');
    writeFileSync(file, JSON.stringify({ keys: [second.jwk] }));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await expect(jwksVerify(`Bearer ${await issue(second)}`)).resolves.toMatchObject({
      identity: { user: 'wang' },
    });
  });

  it('refuses an HS256 token, even one signed with the development key', async () => {
    const k = await keyPair('k3');
    writeFileSync(file, JSON.stringify({ keys: [k.jwk] }));
    utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    const jwksVerify = createTokenVerifier(jwksConfig);
    expect((await rejection(jwksVerify(`Bearer ${await forge(valid())}`))).code).toBe('UNAUTHENTICATED');
  });
});

describe("the gateway's signature on subgraph requests", () => {
  const internal = { GATEWAY_SIGNING_KEY: config.GATEWAY_SIGNING_KEY };
  const body = JSON.stringify({ query: '{ _service { sdl } }' });

  it('opens the subgraph it was made for, over the body it was made for', async () => {
    const header = await signGatewayRequest({ identity: li }, 'health', body, internal);
    await expect(verifyInternalRequest(header, body, 'health', internal)).resolves.toEqual({ identity: li });
  });

  it('refuses it at another subgraph, over another body, or with a user token', async () => {
    const header = await signGatewayRequest({ identity: li }, 'health', body, internal);
    expect((await rejection(verifyInternalRequest(header, body, 'charity', internal))).code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await rejection(verifyInternalRequest(header, `${body} `, 'health', internal))).code).toBe(
      'UNAUTHENTICATED',
    );
    const user = `Bearer ${await signToken(li, config)}`;
    expect((await rejection(verifyInternalRequest(user, body, 'health', internal))).code).toBe(
      'UNAUTHENTICATED',
    );
  });

  // signed and checked with node:crypto's HMAC: the same compact JWS jose writes and reads
  const gatewayToken = (
    claims: Record<string, unknown>,
    header: Record<string, unknown> = { alg: 'HS256' },
  ) =>
    new SignJWT({ sub: 'li', department: 'DISABILITY', role: 'STAFF', region: '330381', ...claims })
      .setProtectedHeader(header as { alg: string })
      .sign(new TextEncoder().encode(internal.GATEWAY_SIGNING_KEY));
  const claims = () => ({ iss: 'gateway', aud: 'health', iat: now(), exp: now() + 60, bh: bodyHash(body) });

  it('is a token jose verifies, and a jose-signed one opens the subgraph', async () => {
    const header = await signGatewayRequest({ identity: li }, 'health', body, internal);
    const { payload } = await jwtVerify(
      header.slice('Bearer '.length),
      new TextEncoder().encode(internal.GATEWAY_SIGNING_KEY),
      { algorithms: ['HS256'], issuer: 'gateway', audience: 'health', requiredClaims: ['exp', 'iat', 'sub'] },
    );
    expect(payload).toMatchObject({ sub: 'li', role: 'STAFF', bh: bodyHash(body) });
    const joseSigned = `Bearer ${await gatewayToken(claims())}`;
    await expect(verifyInternalRequest(joseSigned, body, 'health', internal)).resolves.toEqual({
      identity: li,
    });
  });

  it('refuses an expired, not-yet-valid, unsigned, re-signed or edited gateway token', async () => {
    const refused = async (token: string) =>
      expect((await rejection(verifyInternalRequest(`Bearer ${token}`, body, 'health', internal))).code).toBe(
        'UNAUTHENTICATED',
      );
    await refused(await gatewayToken({ ...claims(), exp: now() - 1 }));
    await refused(await gatewayToken({ ...claims(), nbf: now() + 30 }));
    await refused(await gatewayToken({ ...claims(), iat: undefined }));
    await refused(await gatewayToken({ ...claims(), iss: 'someone' }));
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const critical = `${b64({ alg: 'HS256', crit: ['x'], x: 1 })}.${b64({ sub: 'li', role: 'STAFF', department: 'DISABILITY', region: '330381', ...claims() })}`;
    await refused(
      `${critical}.${createHmac('sha256', internal.GATEWAY_SIGNING_KEY).update(critical).digest('base64url')}`,
    );
    await refused(
      `${b64({ alg: 'none' })}.${b64({ sub: 'li', role: 'ADMIN', department: 'HEALTH', ...claims() })}.`,
    );
    const [h, p, sig] = (await gatewayToken(claims())).split('.');
    await refused(
      `${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'ADMIN' })}.${sig}`,
    );
    await refused(`${h}.${p}.${sig.slice(0, -2)}`);
    const otherKey = await new SignJWT({
      sub: 'li',
      department: 'DISABILITY',
      role: 'STAFF',
      region: '330381',
      ...claims(),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('y'.repeat(40)));
    await refused(otherKey);
  });

  it("marks a service credential's caller as a service", async () => {
    const credential = new ServiceCredential(internal, Department.HEALTH, 'partner');
    const { identity } = await verifyInternalRequest(
      await credential.authorization(),
      '{}',
      'civil-affairs',
      internal,
    );
    expect(identity).toMatchObject({ user: 'service:health:partner', department: 'HEALTH', service: true });
  });
});
