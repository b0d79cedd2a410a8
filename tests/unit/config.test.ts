import {
  ConfigError,
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
    expect(loadGatewayConfig({}).port).toBe(4000);
    expect(loadSubgraphConfig(Department.CIVIL_AFFAIRS, {}).port).toBe(4001);
    expect(loadSubgraphConfig(Department.CHARITY, {}).port).toBe(4005);
    expect(subgraphUrls({})[Department.HEALTH]).toBe('http://127.0.0.1:4004/graphql');
  });

  it("moves a subgraph's URL with its port variable", () => {
    expect(subgraphUrls({ TRADE_UNION_PORT: '5003' })[Department.TRADE_UNION]).toBe(
      'http://127.0.0.1:5003/graphql',
    );
  });

  it('stops with a message naming a bad variable', () => {
    expect(() => loadSubgraphConfig(Department.DISABILITY, { DISABILITY_PORT: 'forty' })).toThrow(
      ConfigError,
    );
    expect(() => loadSubgraphConfig(Department.DISABILITY, { DISABILITY_PORT: 'forty' })).toThrow(
      /DISABILITY_PORT/,
    );
  });

  it('refuses the development signing key in production', () => {
    expect(() => parseEnv(commonSchema, { NODE_ENV: 'production' }, 'x')).toThrow(/JWT_SECRET/);
    expect(parseEnv(commonSchema, {}, 'x').JWT_SECRET).toBe(DEVELOPMENT_JWT_SECRET);
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
