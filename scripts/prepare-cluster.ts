/**
 * `npm ci`'s prepare step: the empty embedded PostgreSQL cluster (PGlite's initdb), made once per
 * install, which every first `npm start` and new data directory copies (shared/pglite-data-dir.ts).
 * A failure here is not fatal: a first start then runs initdb itself.
 */
import { clusterTemplateDir, prepareClusterTemplate } from '../shared/pglite-data-dir';

const started = Date.now();
prepareClusterTemplate()
  .then((dir) => console.log(`embedded PostgreSQL cluster ready at ${dir} (${Date.now() - started} ms)`))
  .catch((e) => {
    console.warn(
      `could not prepare ${clusterTemplateDir()}: ${(e as Error).message}; a first start runs initdb`,
    );
  });
