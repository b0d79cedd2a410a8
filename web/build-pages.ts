/**
 * `npm run build:pages` (and `npm ci`, as `prepare`): builds the pages into dist/pages (web/build.ts).
 * Here, not in scripts/: the production image runs it at `npm ci` and copies no scripts/.
 */
import { PAGES_DIR, buildPages } from './build';

buildPages().then(
  ({ files }) => process.stdout.write(`pages built into ${PAGES_DIR}: ${files.join(', ')}\n`),
  (e: Error) => {
    process.stderr.write(`building the pages failed: ${e.message}\n`);
    process.exit(1);
  },
);
