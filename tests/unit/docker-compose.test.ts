import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DEPARTMENTS, Department } from '../../shared/departments';
import { databaseTarget, subgraphUrls } from '../../shared/config';
import { SECRET_VARIABLES, readSecretFiles } from '../../shared/secrets';
import { loadSubgraphConfig } from '../../shared/subgraph';
import { loadGatewayConfig } from '../../gateway/src/config';

// Docker cannot run here, so the compose file is checked against the config schemas instead.
const ROOT = path.resolve(__dirname, '../..');
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
const SUBGRAPHS = DEPARTMENTS.map((d) => d.subgraph);
const roleOf = (database: string) => `${database}_app`;

/** A service's environment as its entry point sees it: compose variables filled, secret files read. */
const envOf = (service: string): Record<string, string> => {
  const env: Record<string, string> = { ...compose.services[service].environment };
  // ${VAR:?…} and ${VAR:-default} are filled by docker compose from the caller's environment
  for (const [k, v] of Object.entries(env)) {
    env[k] = String(v).replace(/\$\{([A-Z_]+):([?-])([^}]*)\}/g, (_m, name, kind, d) =>
      kind === '-' ? d : name.endsWith('_URL') ? 'https://idp.example/jwks.json' : 's'.repeat(40),
    );
  }
  // docker mounts each secret the service lists at /run/secrets/<name>
  const mounted = new Set<string>(compose.services[service].secrets ?? []);
  return readSecretFiles(env, (file) => {
    const name = /^\/run\/secrets\/(\w+)$/.exec(file)?.[1];
    if (!name || !mounted.has(name)) throw new Error(`${service} does not mount ${file}`);
    return `${name}-value-from-a-file-0123456789\n`;
  }) as Record<string, string>;
};

describe('docker-compose.yml', () => {
  it('has one PostgreSQL service, the five subgraphs and the gateway', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['postgres', 'gateway', ...SUBGRAPHS].sort());
  });

  it('publishes the gateway alone; the subgraphs and PostgreSQL only on the internal network', () => {
    expect(compose.networks.internal.internal).toBe(true);
    for (const service of [...SUBGRAPHS, 'postgres']) {
      expect({ service, ports: compose.services[service].ports }).toEqual({ service, ports: undefined });
      expect({ service, networks: compose.services[service].networks }).toEqual({
        service,
        networks: ['internal'],
      });
    }
    expect(compose.services.gateway.ports).toEqual(['4000:4000']);
    const outside = compose.services.gateway.networks.filter((n: string) => n !== 'internal');
    expect(compose.services.gateway.networks).toContain('internal');
    expect(outside).toHaveLength(1);
    expect(compose.networks[outside[0]]?.internal).not.toBe(true);
  });

  it('creates one database per department, owned by its own role, which is no superuser', () => {
    const init = readFileSync(path.join(ROOT, 'docker/postgres-init.sql'), 'utf8');
    for (const d of DEPARTMENTS) {
      const role = roleOf(d.database);
      expect(init).toContain(
        `CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';`,
      );
      expect(init).toContain(`\\set password \`cat /run/secrets/${d.database}_db_password\``);
      expect(init).toContain(`CREATE DATABASE ${d.database} OWNER ${role};`);
      expect(init).toContain(`REVOKE ALL ON DATABASE ${d.database} FROM PUBLIC;`);
    }
    expect(init).not.toMatch(/PASSWORD\s+'/);
    expect(init.replace(/--.*$/gm, '')).not.toMatch(/\b(SUPERUSER|CREATEDB|CREATEROLE)\b/);
  });

  it.each(DEPARTMENTS.map((d) => [d.subgraph, d.department] as const))(
    '%s: publishes no port, and reaches its own database as its own role, its password a secret',
    (service, department: Department) => {
      const info = DEPARTMENTS.find((d) => d.department === department)!;
      const env = envOf(service);
      const config = loadSubgraphConfig(department, env);
      expect(config.port).toBe(info.port);
      expect(config.NODE_ENV).toBe('production');
      expect(config.GATEWAY_SIGNING_KEY).toBe('gateway_signing_key-value-from-a-file-0123456789');
      const target = databaseTarget(env, department);
      expect(target.kind).toBe('postgres');
      const url = new URL((target as { url: string }).url);
      expect(url.username).toBe(roleOf(info.database));
      expect(url.username).not.toBe('postgres');
      expect(url.password).toBe('');
      expect(url.host).toBe('postgres:5432');
      expect(url.pathname).toBe(`/${info.database}`);
      // node-postgres takes the password from PGPASSWORD, read from the department's own secret
      expect(compose.services[service].environment.PGPASSWORD_FILE).toBe(
        `/run/secrets/${info.database}_db_password`,
      );
      expect(env.PGPASSWORD).toBe(`${info.database}_db_password-value-from-a-file-0123456789`);
      expect(compose.services[service].secrets).not.toContain('postgres_password');
      for (const other of DEPARTMENTS.filter((d) => d !== info))
        expect(compose.services[service].secrets).not.toContain(`${other.database}_db_password`);
      expect(compose.services[service].build).toBe('.');
      expect(compose.services[service].command).toEqual([`dist/subgraphs/${service}/src/index.js`]);
    },
  );

  it('sets no password or key in plain text: each comes from a secret file', () => {
    for (const [name, service] of Object.entries<any>(compose.services)) {
      for (const [variable, value] of Object.entries<string>(service.environment ?? {})) {
        if (['JWT_SECRET', 'GATEWAY_SIGNING_KEY', 'PGPASSWORD', 'POSTGRES_PASSWORD'].includes(variable))
          throw new Error(`${name} sets ${variable} in plain text`);
        // a database URL may name its role, never a password
        if (SECRET_VARIABLES.includes(variable)) expect(new URL(value).password).toBe('');
      }
      for (const secret of service.secrets ?? [])
        expect(compose.secrets[secret].file).toMatch(/^\.\/secrets\//);
    }
    expect(compose.services.postgres.environment.POSTGRES_PASSWORD_FILE).toBe(
      '/run/secrets/postgres_password',
    );
    expect(compose.services.gateway.environment.GATEWAY_SIGNING_KEY_FILE).toBe(
      '/run/secrets/gateway_signing_key',
    );
    expect(compose.services.gateway.environment.JWKS_URL).toMatch(/^\$\{JWKS_URL:\?/);
    expect(compose.services.postgres.secrets).not.toContain('gateway_signing_key');
  });

  it('points the gateway at every subgraph by service name', () => {
    const config = loadGatewayConfig(envOf('gateway'));
    expect(config.port).toBe(4000);
    expect(config.NODE_ENV).toBe('production');
    for (const d of DEPARTMENTS) {
      expect(config.subgraphUrls[d.department]).toBe(`http://${d.subgraph}:${d.port}/graphql`);
      expect(subgraphUrls(envOf(d.subgraph))[d.department]).toBe(`http://${d.subgraph}:${d.port}/graphql`);
    }
  });

  it('builds the image from a Dockerfile that compiles the services and runs the JavaScript with no dev tools', () => {
    const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    const [build, final] = dockerfile.split(/^FROM /m).slice(1);
    expect(build).toMatch(/^node:20.* AS build/);
    expect(build).toMatch(/RUN npm run build/);
    expect(final).toMatch(/^node:20/);
    expect(final).toMatch(/npm ci --omit=dev/);
    expect(final).toMatch(/ENTRYPOINT \["node"\]/);
    expect(final).toMatch(/CMD \["dist\/gateway\/src\/index\.js"\]/);
    expect(final).not.toMatch(/tsx/);
    const copies = final.split('\n').filter((l) => /^COPY\b/.test(l));
    expect(copies.join('\n')).not.toMatch(/scripts|token\.ts|tests|bench|\bCOPY \. /);
    expect(dockerfile).not.toMatch(/\bCOPY \. /);
    expect(readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining(['secrets', 'scripts', '!scripts/build.ts', 'node_modules', 'dist']),
    );
  });
});

describe('secrets from files', () => {
  it('reads <NAME>_FILE into <NAME>, without the trailing newline', () => {
    const env = readSecretFiles({ PGPASSWORD_FILE: '/run/secrets/pw' }, () => 'hunter2-0123456789\n');
    expect(env.PGPASSWORD).toBe('hunter2-0123456789');
  });

  it('refuses a variable set both ways, and names a file it cannot read', () => {
    expect(() => readSecretFiles({ JWT_SECRET: 'x', JWT_SECRET_FILE: '/f' }, () => 'y')).toThrow(
      /JWT_SECRET and JWT_SECRET_FILE are both set/,
    );
    expect(() => readSecretFiles({ GATEWAY_SIGNING_KEY_FILE: '/run/secrets/none' })).toThrow(
      /GATEWAY_SIGNING_KEY_FILE: cannot read \/run\/secrets\/none/,
    );
  });

  it('leaves variables that name files for what they are (JWKS_FILE is a key set, not a secret)', () => {
    const env = readSecretFiles({ JWKS_FILE: '/etc/jwks.json' }, () => {
      throw new Error('not read');
    });
    expect(env).toEqual({ JWKS_FILE: '/etc/jwks.json' });
  });
});
