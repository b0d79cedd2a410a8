/**
 * Prints a development token (contract README):
 *   npm run --silent token -- --department DISABILITY --role STAFF --region 330381
 *   npm run --silent token -- --citizen 33038119520315432X
 * Without --region a staff token covers the whole country, which only ADMIN may hold. A citizen
 * token opens `myAccessLog` and nothing else. Signed with the development key (AUTH_MODE=development,
 * as `npm start` runs); production tokens come from the identity provider, and this script is not
 * in the production image.
 */
import { parseArgs } from 'node:util';
import { Role, signCitizenToken, signToken } from '../shared/auth';
import { DEVELOPMENT_AUTH, commonSchema, parseEnv } from '../shared/config';
import { Department } from '../shared/departments';

const usage = `usage: npm run --silent token -- --department <${Object.values(Department).join('|')}>
       --role <${Object.values(Role).join('|')}> [--region CODE] [--user NAME] [--ttl 12h]
       npm run --silent token -- --citizen <idNumber> [--ttl 1h]`;

async function main() {
  const { values } = parseArgs({
    options: {
      department: { type: 'string' },
      role: { type: 'string' },
      region: { type: 'string' },
      user: { type: 'string' },
      citizen: { type: 'string' },
      ttl: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const config = parseEnv(commonSchema, { ...process.env, ...DEVELOPMENT_AUTH }, 'token');
  if (values.citizen) {
    process.stdout.write((await signCitizenToken(values.citizen, config, values.ttl ?? '1h')) + '\n');
    return;
  }
  const department = values.department as Department;
  const role = values.role as Role;
  if (!Object.values(Department).includes(department) || !Object.values(Role).includes(role)) {
    throw new Error(`--department and --role are required\n${usage}`);
  }
  const user = values.user ?? `dev-${department.toLowerCase()}-${role.toLowerCase()}`;
  process.stdout.write(
    (await signToken(
      { user, department, role, region: values.region ?? null },
      config,
      values.ttl ?? '12h',
    )) + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(`token: ${(e as Error).message}\n`);
  process.exit(2);
});
