/**
 * Secrets from files (docker secrets): for each variable below, `<NAME>_FILE` names a file whose
 * content, without its trailing newline, becomes `<NAME>`. Each entry point calls it once, before
 * its config is parsed; it sets the values in place, so a library that reads the environment itself
 * (node-postgres' `PGPASSWORD`) sees them too. Setting both `<NAME>` and `<NAME>_FILE` is refused.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, Env } from './config';
import { DEPARTMENTS } from './departments';

export const SECRET_VARIABLES: readonly string[] = [
  'JWT_SECRET',
  'GATEWAY_SIGNING_KEY',
  'METRICS_TOKEN',
  'PGPASSWORD',
  'DATABASE_URL',
  ...DEPARTMENTS.map((d) => `${d.envPrefix}_DATABASE_URL`),
];

export function readSecretFiles(env: Env, read = (file: string) => readFileSync(file, 'utf8')): Env {
  for (const name of SECRET_VARIABLES) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    if (env[name]) throw new ConfigError(`${name} and ${name}_FILE are both set; set one of them`);
    let value: string;
    try {
      value = read(file).replace(/\r?\n$/, '');
    } catch {
      throw new ConfigError(`${name}_FILE: cannot read ${file}`);
    }
    if (!value) throw new ConfigError(`${name}_FILE: ${file} is empty`);
    env[name] = value;
  }
  return env;
}
