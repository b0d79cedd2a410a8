import { SignJWT } from 'jose';
import { Role, authorize, identify, signToken } from '../../shared/auth';
import { DEVELOPMENT_JWT_SECRET } from '../../shared/config';
import { Department } from '../../shared/departments';
import { AppError } from '../../shared/errors';

const config = { JWT_SECRET: DEVELOPMENT_JWT_SECRET, JWT_ISSUER: 'social-assistance-platform' };

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('accepted');
}

describe('identity tokens', () => {
  it('round-trips user, department, role and region', async () => {
    const token = await signToken(
      { user: 'li', department: Department.DISABILITY, role: Role.STAFF, region: '330381' },
      config,
    );
    await expect(identify(`Bearer ${token}`, config)).resolves.toEqual({
      user: 'li',
      department: Department.DISABILITY,
      role: Role.STAFF,
      region: '330381',
    });
  });

  it('refuses a missing header as UNAUTHENTICATED', async () => {
    expect((await rejection(identify(undefined, config))).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token signed with another key', async () => {
    const token = await signToken(
      { user: 'li', department: Department.HEALTH, role: Role.ADMIN, region: null },
      { ...config, JWT_SECRET: 'x'.repeat(40) },
    );
    expect((await rejection(identify(`Bearer ${token}`, config))).code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token and says so', async () => {
    const token = await signToken(
      { user: 'li', department: Department.HEALTH, role: Role.ADMIN, region: null },
      config,
      '-1m',
    );
    const e = await rejection(identify(`Bearer ${token}`, config));
    expect(e.message).toMatch(/expired/);
  });

  it('will not mint a whole-country token for anyone but ADMIN', async () => {
    await expect(
      signToken({ user: 'w', department: Department.CIVIL_AFFAIRS, role: Role.WINDOW, region: null }, config),
    ).rejects.toThrow(/only ADMIN/);
  });

  it('refuses a forged whole-country token for a non-ADMIN role', async () => {
    const forged = await new SignJWT({ department: 'CHARITY', role: 'STAFF' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(config.JWT_ISSUER)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(config.JWT_SECRET));
    const e = await rejection(identify(`Bearer ${forged}`, config));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message).toMatch(/only ADMIN/);
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
