/**
 * GraphQL over HTTP conformance: graphql-http's server audits against the running gateway, with a
 * valid token on every request (the gateway answers nothing without one). Every audit must pass,
 * warnings and notices included, as Hive Gateway does.
 */
import { auditServer } from 'graphql-http';
import { Role } from '../../shared/auth';
import { Department } from '../../shared/departments';
import { TestSystem, startSystem, token } from '../helpers/system';

describe('GraphQL over HTTP conformance of the gateway', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system?.close());

  it('passes every graphql-http server audit', async () => {
    const bearer = `Bearer ${await token(Department.CIVIL_AFFAIRS, Role.ADMIN)}`;
    const results = await auditServer({
      url: system.gatewayUrl,
      fetchFn: (input: any, init: any = {}) => {
        const headers = new Headers(init.headers);
        headers.set('authorization', bearer);
        return fetch(input, { ...init, headers });
      },
    });
    const notOk = results
      .filter((r) => r.status !== 'ok')
      .map((r) => `${r.status} ${r.id} ${r.name}: ${(r as any).reason}`);
    expect(notOk).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(61);
  });
});
