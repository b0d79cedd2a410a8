/**
 * Prints a development token (contract README):
 *   npm run --silent token -- --department DISABILITY --role STAFF --region 330381
 * Without --region the token covers the whole country, which only ADMIN may hold.
 * Signed with JWT_SECRET (the development key unless set).
 */
import { parseArgs } from 'node:util';
import { Role, signToken } from '../shared/auth';
import { commonSchema, parseEnv } from '../shared/config';
import { Department } from '../shared/departments';

const usage = `usage: npm run --silent token -- --department <${Object.values(Department).join('|')}>
       --role <${Object.values(Role).join('|')}> [--region CODE] [--user NAME] [--ttl 12h]`;

async function main() {
  const { values } = parseArgs({
    options: {
      department: { type: 'string' },
      role: { type: 'string' },
      region: { type: 'string' },
      user: { type: 'string' },
      ttl: { type: 'string', default: '12h' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const department = values.department as Department;
  const role = values.role as Role;
  if (!Object.values(Department).includes(department) || !Object.values(Role).includes(role)) {
    throw new Error(`--department and --role are required\n${usage}`);
  }
  const config = parseEnv(commonSchema, process.env, 'token');
  const user = values.user ?? `dev-${department.toLowerCase()}-${role.toLowerCase()}`;
  process.stdout.write(
    (await signToken({ user, department, role, region: values.region ?? null }, config, values.ttl)) + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(`token: ${(e as Error).message}\n`);
  process.exit(2);
});
