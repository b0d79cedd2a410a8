/**
 * The comparison gateway for `npm run bench`: Hive Gateway (@graphql-hive/gateway, devDependency)
 * over the same supergraph.graphql and the same five subgraph processes as ours. It gets what our
 * gateway has, no more: it verifies the caller's token with shared/auth.ts and signs each subgraph
 * request for that subgraph over its exact body with shared/internal-auth.ts (the subgraphs accept
 * nothing else), so both gateways do the same per-request work. Run as a child process by the bench:
 *   HIVE_PORT=4100 <DEPT>_PORT=… node --import tsx bench/hive-gateway.ts
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway';
import { createTokenVerifier, type Principal } from '../shared/auth';
import { commonSchema, parseEnv, subgraphUrls } from '../shared/config';
import { DEPARTMENTS } from '../shared/departments';
import { signGatewayRequest } from '../shared/internal-auth';

const env = process.env;
const config = parseEnv(commonSchema, env, 'hive-gateway');
const verify = createTokenVerifier(config);
const urls = subgraphUrls(env);

// the same supergraph, pointed at this run's subgraph ports (as our gateway's <DEPT>_URL does)
let supergraph = readFileSync(path.resolve('supergraph.graphql'), 'utf8');
const audienceOf = new Map<string, string>();
for (const d of DEPARTMENTS) {
  supergraph = supergraph.replace(
    new RegExp(`(@join__graph\\(name: "${d.subgraph}", url: ")[^"]*`),
    `$1${urls[d.department]}`,
  );
  audienceOf.set(urls[d.department], d.subgraph);
}

/** the caller, verified once per client request */
const callers = new WeakMap<object, Promise<Principal>>();

const signing: GatewayPlugin = {
  onRequestParse({ request }) {
    const principal = verify(request.headers.get('authorization') ?? undefined);
    principal.catch(() => {});
    callers.set(request, principal);
  },
  async onFetch({ url, options, setOptions, context }) {
    const audience = audienceOf.get(url);
    const request = (context as { request?: object }).request;
    if (!audience || !request) return;
    const principal = await callers.get(request);
    if (!principal) return;
    const headers = new Headers(options.headers as HeadersInit);
    headers.set(
      'authorization',
      await signGatewayRequest(principal, audience, String(options.body ?? ''), undefined, config),
    );
    setOptions({ ...options, headers: Object.fromEntries(headers) });
  },
};

const gateway = createGatewayRuntime({
  supergraph,
  logging: 'error',
  graphqlEndpoint: '/graphql',
  landingPage: false,
  graphiql: false,
  plugins: () => [signing],
});

const port = Number(env.HIVE_PORT ?? 4100);
createServer(gateway).listen(port, '127.0.0.1', () => process.stdout.write(`hive gateway on ${port}\n`));
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));
