/**
 * npm run build: the services compiled to JavaScript under dist/ (same layout as the sources), so
 * production (Dockerfile), `npm start` and the benchmarks run plain `node` with no TypeScript
 * loader in each process. swc strips the types (the type check is `npm run lint`'s tsc); decorator
 * metadata is emitted as tsc would (type-graphql and TypeORM read it). Files the services read at
 * run time next to their code (programs/, policy-packs/, *.graphql) are copied alongside.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformFile, type Options } from '@swc/core';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'dist');
/**
 * what runs: the services, their shared code, the pages' builder (the gateway serves and, outside
 * production, rebuilds the pages), the process launcher and the benchmarks' harness
 */
const SOURCES = [
  'shared',
  'gateway/src',
  'subgraphs',
  'web/build.ts',
  'web/build-pages.ts',
  'scripts',
  'bench',
  'tests/helpers',
  'tests/fixtures',
];
const ASSET = /\.(graphql|json|csv)$/;

const options: Options = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
};

function walk(dir: string, out: string[] = []): string[] {
  if (!statSync(dir).isDirectory()) return [...out, dir];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'results') continue;
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) walk(file, out);
    else out.push(file);
  }
  return out;
}

async function main() {
  const started = Date.now();
  rmSync(OUT, { recursive: true, force: true });
  // the Docker build context holds only what the services need (.dockerignore)
  const files = SOURCES.filter((s) => existsSync(path.join(ROOT, s))).flatMap((s) =>
    walk(path.join(ROOT, s)),
  );
  let compiled = 0;
  await Promise.all(
    files.map(async (file) => {
      const target = path.join(OUT, path.relative(ROOT, file));
      if (file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts')) {
        const js = target.replace(/\.ts$/, '.js');
        const { code, map } = await transformFile(file, { ...options, filename: file });
        mkdirSync(path.dirname(js), { recursive: true });
        writeFileSync(js, `${code}\n//# sourceMappingURL=${path.basename(js)}.map\n`);
        if (map) writeFileSync(`${js}.map`, map);
        compiled++;
      } else if (ASSET.test(file)) {
        mkdirSync(path.dirname(target), { recursive: true });
        copyFileSync(file, target);
      }
    }),
  );
  console.log(`compiled ${compiled} files to dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
