/** `npm run build:pages` (and `npm ci`, as `prepare`): builds the pages into dist/pages (web/build.ts). */
import { PAGES_DIR, buildPages } from '../web/build';

buildPages().then(
  ({ files }) => process.stdout.write(`pages built into ${PAGES_DIR}: ${files.join(', ')}\n`),
  (e: Error) => {
    process.stderr.write(`building the pages failed: ${e.message}\n`);
    process.exit(1);
  },
);
