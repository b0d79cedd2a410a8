import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DEPARTMENTS, Department } from '../../shared/departments';
import { databaseTarget, subgraphUrls } from '../../shared/config';
import { loadSubgraphConfig } from '../../shared/subgraph';
import { loadGatewayConfig } from '../../gateway/src/config';

// Docker cannot run here, so the compose file is checked against the config schemas instead.
const ROOT = path.resolve(__dirname, '../..');
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
const envOf = (service: string): Record<string, string> => {
  const env = { ...compose.services[service].environment };
  // ${VAR:?…} and ${VAR:-default} are filled by docker compose from the caller's environment
  for (const [k, v] of Object.entries(env)) {
    const given: Record<string, string> = {
      GATEWAY_SIGNING_KEY: 's'.repeat(40),
      JWKS_URL: 'https://idp.example/.well-known/jwks.json',
    };
    env[k] = String(v).replace(/\$\{[A-Z_]+:[?-]([^}]*)\}/g, (_m, d) => given[k] ?? d);
  }
  return env as Record<string, string>;
};

describe('docker-compose.yml', () => {
  it('has one PostgreSQL service, the five subgraphs and the gateway', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['postgres', 'gateway', ...DEPARTMENTS.map((d) => d.subgraph)].sort(),
    );
  });

  it('creates one database per department', () => {
    const init = readFileSync(path.join(ROOT, 'docker/postgres-init.sql'), 'utf8');
    for (const d of DEPARTMENTS) expect(init).toContain(`CREATE DATABASE ${d.database};`);
  });

  it.each(DEPARTMENTS.map((d) => [d.subgraph, d.department] as const))(
    '%s: publishes the port its config reads, on its own database, from the one image',
    (service, department: Department) => {
      const env = envOf(service);
      const config = loadSubgraphConfig(department, env);
      expect(compose.services[service].ports).toEqual([`${config.port}:${config.port}`]);
      expect(config.port).toBe(DEPARTMENTS.find((d) => d.department === department)!.port);
      expect(config.NODE_ENV).toBe('production');
      const target = databaseTarget(env, department);
      expect(target).toEqual({
        kind: 'postgres',
        url: expect.stringMatching(
          new RegExp(`@postgres:5432/${DEPARTMENTS.find((d) => d.subgraph === service)!.database}$`),
        ),
      });
      expect(compose.services[service].build).toBe('.');
      expect(compose.services[service].command).toEqual([`subgraphs/${service}/src/index.ts`]);
    },
  );

  it('points the gateway at every subgraph by service name', () => {
    const config = loadGatewayConfig(envOf('gateway'));
    expect(compose.services.gateway.ports).toEqual([`${config.port}:4000`]);
    for (const d of DEPARTMENTS) {
      expect(config.subgraphUrls[d.department]).toBe(`http://${d.subgraph}:${d.port}/graphql`);
      expect(subgraphUrls(envOf(d.subgraph))[d.department]).toBe(`http://${d.subgraph}:${d.port}/graphql`);
    }
  });

  it('builds the image from a Dockerfile that runs the TypeScript entry points', () => {
    const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/FROM node:20/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/ENTRYPOINT \["node", "--import", "tsx"\]/);
  });
});
