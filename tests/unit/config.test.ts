import {
  ConfigError,
  DEVELOPMENT_AUTH,
  DEVELOPMENT_GATEWAY_SIGNING_KEY,
  DEVELOPMENT_JWT_SECRET,
  commonSchema,
  databaseTarget,
  parseEnv,
  subgraphUrls,
} from '../../shared/config';
import { Department } from '../../shared/departments';
import { loadSubgraphConfig } from '../../shared/subgraph';
import { loadGatewayConfig } from '../../gateway/src/config';

describe('configuration', () => {
  it('uses the contract ports when nothing is set', () => {
    expect(loadGatewayConfig(DEVELOPMENT_AUTH).port).toBe(4000);
    expect(loadSubgraphConfig(Department.CIVIL_AFFAIRS, DEVELOPMENT_AUTH).port).toBe(4001);
    expect(loadSubgraphConfig(Department.CHARITY, DEVELOPMENT_AUTH).port).toBe(4005);
    expect(subgraphUrls({})[Department.HEALTH]).toBe('http://127.0.0.1:4004/graphql');
  });

  it("moves a subgraph's URL with its port variable", () => {
    expect(subgraphUrls({ TRADE_UNION_PORT: '5003' })[Department.TRADE_UNION]).toBe(
      'http://127.0.0.1:5003/graphql',
    );
  });

  it('stops with a message naming a bad variable', () => {
    expect(() =>
      loadSubgraphConfig(Department.DISABILITY, { ...DEVELOPMENT_AUTH, DISABILITY_PORT: 'forty' }),
    ).toThrow(ConfigError);
    expect(() =>
      loadSubgraphConfig(Department.DISABILITY, { ...DEVELOPMENT_AUTH, DISABILITY_PORT: 'forty' }),
    ).toThrow(/DISABILITY_PORT/);
  });

  it('refuses the development keys in production and never falls back to them', () => {
    expect(() => parseEnv(commonSchema, { NODE_ENV: 'production', ...DEVELOPMENT_AUTH }, 'x')).toThrow(
      /AUTH_MODE/,
    );
    expect(() =>
      parseEnv(
        commonSchema,
        { NODE_ENV: 'production', GATEWAY_SIGNING_KEY: DEVELOPMENT_GATEWAY_SIGNING_KEY },
        'x',
      ),
    ).toThrow(/GATEWAY_SIGNING_KEY is the development key/);
    expect(() => parseEnv(commonSchema, {}, 'x')).toThrow(/GATEWAY_SIGNING_KEY/);
    expect(parseEnv(commonSchema, DEVELOPMENT_AUTH, 'x').JWT_SECRET).toBe(DEVELOPMENT_JWT_SECRET);
  });

  it('takes a metrics token of 32+ characters that is not one of the signing keys', () => {
    const token = 'a-scraper-token-of-enough-characters-0123';
    expect(parseEnv(commonSchema, { ...DEVELOPMENT_AUTH, METRICS_TOKEN: token }, 'x').METRICS_TOKEN).toBe(
      token,
    );
    expect(parseEnv(commonSchema, DEVELOPMENT_AUTH, 'x').METRICS_TOKEN).toBeUndefined();
    expect(() => parseEnv(commonSchema, { ...DEVELOPMENT_AUTH, METRICS_TOKEN: 'short' }, 'x')).toThrow(
      /METRICS_TOKEN must be at least 32 characters/,
    );
    expect(() =>
      parseEnv(commonSchema, { ...DEVELOPMENT_AUTH, METRICS_TOKEN: DEVELOPMENT_GATEWAY_SIGNING_KEY }, 'x'),
    ).toThrow(/METRICS_TOKEN must differ/);
  });

  it('will not start a gateway without the identity provider keys outside development', () => {
    expect(() => loadGatewayConfig({ GATEWAY_SIGNING_KEY: 'k'.repeat(40) })).toThrow(/JWKS_URL or JWKS_FILE/);
    expect(
      loadGatewayConfig({ GATEWAY_SIGNING_KEY: 'k'.repeat(40), JWKS_URL: 'https://idp.example/jwks' })
        .JWT_SECRET,
    ).toBeUndefined();
  });

  it('gives each department an embedded database under DATA_DIR by default', () => {
    expect(databaseTarget({ DATA_DIR: '/var/lib/sa' }, Department.TRADE_UNION)).toEqual({
      kind: 'pglite',
      dataDir: '/var/lib/sa/trade-union',
    });
  });

  it('gives each department its own database on the DATABASE_URL server', () => {
    const env = { DATABASE_URL: 'postgres://u:p@db:5432/postgres' };
    expect(databaseTarget(env, Department.CIVIL_AFFAIRS)).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db:5432/civil_affairs',
    });
    expect(databaseTarget(env, Department.TRADE_UNION)).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db:5432/trade_union',
    });
  });

  it('lets one department use its own database URL', () => {
    const env = {
      DATABASE_URL: 'postgres://u:p@db/postgres',
      HEALTH_DATABASE_URL: 'postgres://h:q@other/yibao',
    };
    expect(databaseTarget(env, Department.HEALTH)).toEqual({
      kind: 'postgres',
      url: 'postgres://h:q@other/yibao',
    });
  });
});
