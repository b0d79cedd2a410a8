/** npm run compose: writes subgraphs/<name>/schema.graphql and supergraph.graphql. */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, SUPERGRAPH_FILE, composeSupergraph } from '../gateway/src/compose';

composeSupergraph()
  .then(({ supergraphSdl, subgraphs }) => {
    for (const s of subgraphs) {
      writeFileSync(s.file, s.sdl);
      console.log(`wrote ${path.relative(ROOT, s.file)}`);
    }
    writeFileSync(SUPERGRAPH_FILE, supergraphSdl);
    console.log(`wrote ${path.relative(ROOT, SUPERGRAPH_FILE)}`);
  })
  .catch((e) => {
    console.error((e as Error).message);
    process.exit(1);
  });
