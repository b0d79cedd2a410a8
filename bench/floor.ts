/**
 * The direct-SQL floor of `npm run bench`: the facts a full lookup returns, held in ONE database
 * and read by ONE statement (joins and JSON built in PostgreSQL), through the same `pg` driver over
 * a loopback socket. No gateway, no subgraphs, no tokens, no eligibility rules: what the lookup
 * would cost if every department's facts sat in one schema.
 *
 * Its database: a fresh database on DATABASE_URL, or (embedded) an in-memory PGlite served in a
 * child process (`node --import tsx bench/floor.ts serve` prints its URL), as the subgraphs' are.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client, Pool } from 'pg';

const SCHEMA = `
CREATE TABLE region (code text PRIMARY KEY, name text NOT NULL, level text NOT NULL);
CREATE TABLE subject (id_number text PRIMARY KEY, id text NOT NULL, name text NOT NULL, sex text,
  birth_date date, region_code text REFERENCES region, household_size int, income numeric, tier text);
CREATE TABLE assistance (id_number text REFERENCES subject, category text, status text, since date, until date);
CREATE INDEX ON assistance (id_number);
CREATE TABLE disability (id_number text PRIMARY KEY, certificate_number text, category text, grade int);
CREATE TABLE union_member (id_number text PRIMARY KEY, member boolean, level text, since date, reason text);
CREATE TABLE medical (id_number text PRIMARY KEY, insurance_type text, major_illness boolean, out_of_pocket numeric);
CREATE TABLE charity_match (id_number text, resource_id text, resource_name text, status text);
CREATE INDEX ON charity_match (id_number);`;

/** one statement: the subject with region, household, assistance and four departments' records */
export const FLOOR_QUERY = `
SELECT json_build_object(
  'id', s.id, 'idNumber', s.id_number, 'name', s.name, 'sex', s.sex, 'birthDate', s.birth_date, 'tier', s.tier,
  'region', json_build_object('code', r.code, 'name', r.name, 'level', r.level),
  'household', json_build_object('size', s.household_size, 'monthlyIncomePerCapita', s.income),
  'assistance', (SELECT coalesce(json_agg(json_build_object('category', a.category, 'status', a.status,
      'since', a.since, 'until', a.until)), '[]') FROM assistance a WHERE a.id_number = s.id_number),
  'disability', CASE WHEN d.id_number IS NULL THEN NULL ELSE json_build_object('certificateNumber',
      d.certificate_number, 'category', d.category, 'grade', d.grade) END,
  'tradeUnion', CASE WHEN u.id_number IS NULL THEN NULL ELSE json_build_object('member', u.member,
      'difficultWorker', CASE WHEN u.level IS NULL THEN NULL ELSE json_build_object('level', u.level,
      'since', u.since, 'reason', u.reason) END) END,
  'medical', CASE WHEN m.id_number IS NULL THEN NULL ELSE json_build_object('insuranceType',
      m.insurance_type, 'majorIllness', m.major_illness, 'outOfPocketLast12Months', m.out_of_pocket) END,
  'charity', json_build_object('activeMatches', (SELECT coalesce(json_agg(json_build_object('resource',
      json_build_object('id', c.resource_id, 'name', c.resource_name), 'status', c.status)), '[]')
      FROM charity_match c WHERE c.id_number = s.id_number))
) AS lookup
FROM subject s JOIN region r ON r.code = s.region_code
LEFT JOIN disability d ON d.id_number = s.id_number
LEFT JOIN union_member u ON u.id_number = s.id_number
LEFT JOIN medical m ON m.id_number = s.id_number
WHERE s.id_number = $1`;

export interface Floor {
  pool: Pool;
  /** loads one subject's facts as the full lookup returned them */
  load(lookup: any): Promise<void>;
  stop(): Promise<void>;
}

/** the floor database; `clients` is the pool size (PGlite is one session: 1) */
export async function startFloor(clients: number): Promise<Floor> {
  let url: string;
  let size = clients;
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    const admin = new URL(process.env.DATABASE_URL);
    const name = `bench_floor_${randomBytes(4).toString('hex')}`;
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const own = new URL(admin);
    own.pathname = `/${name}`;
    url = own.toString();
    stop = async () => {
      const c = new Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    size = 1;
    const entry = path.join(__dirname, `floor${path.extname(__filename)}`);
    const child = spawn(
      process.execPath,
      [...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []), entry, 'serve'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    url = await new Promise<string>((resolve, reject) => {
      child.stdout!.setEncoding('utf8').once('data', (line: string) => resolve(line.trim()));
      child.once('exit', (code) => reject(new Error(`floor database exited with ${code}`)));
    });
    stop = async () => {
      child.kill('SIGTERM');
    };
  }
  const pool = new Pool({ connectionString: url, max: size });
  await pool.query(SCHEMA);
  return {
    pool,
    async load(s) {
      await pool.query('INSERT INTO region VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        s.region.code,
        s.region.name,
        s.region.level,
      ]);
      await pool.query('INSERT INTO subject VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
        s.idNumber,
        s.id,
        s.name,
        s.sex,
        s.birthDate,
        s.region.code,
        s.household?.size ?? null,
        s.household?.monthlyIncomePerCapita ?? null,
        s.tier,
      ]);
      for (const a of s.assistance ?? [])
        await pool.query('INSERT INTO assistance VALUES ($1, $2, $3, $4, $5)', [
          s.idNumber,
          a.category,
          a.status,
          a.since,
          a.until,
        ]);
      if (s.disability)
        await pool.query('INSERT INTO disability VALUES ($1, $2, $3, $4)', [
          s.idNumber,
          s.disability.certificateNumber,
          s.disability.category,
          s.disability.grade,
        ]);
      if (s.tradeUnion)
        await pool.query('INSERT INTO union_member VALUES ($1, $2, $3, $4, $5)', [
          s.idNumber,
          s.tradeUnion.member,
          s.tradeUnion.difficultWorker?.level ?? null,
          s.tradeUnion.difficultWorker?.since ?? null,
          s.tradeUnion.difficultWorker?.reason ?? null,
        ]);
      if (s.medical)
        await pool.query('INSERT INTO medical VALUES ($1, $2, $3, $4)', [
          s.idNumber,
          s.medical.insuranceType,
          s.medical.majorIllness,
          s.medical.outOfPocketLast12Months,
        ]);
      for (const m of s.charity?.activeMatches ?? [])
        await pool.query('INSERT INTO charity_match VALUES ($1, $2, $3, $4)', [
          s.idNumber,
          m.resource.id,
          m.resource.name,
          m.status,
        ]);
    },
    async stop() {
      await pool.end();
      await stop();
    },
  };
}

async function serve() {
  const { servePGlite } = await import('../shared/pglite-server.js');
  const served = await servePGlite(null, 4);
  process.stdout.write(`${served.url}\n`);
  process.on('SIGTERM', () => void served.stop().then(() => process.exit(0)));
}

if (require.main === module && process.argv[2] === 'serve') void serve();
