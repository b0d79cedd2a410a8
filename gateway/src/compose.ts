/**
 * Offline composition (no `rover`): each subgraph's SDL is built from its code and composed with
 * @apollo/composition. `npm run compose` writes the results; a test fails when they are stale.
 */
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { GraphQLSchema, parse } from 'graphql';
import { departmentInfo } from '../../shared/departments';
import { printSubgraphSdl } from '../../shared/subgraph';
import { SUBGRAPHS } from '../../subgraphs';

export const ROOT = path.resolve(__dirname, '../..');
export const SUPERGRAPH_FILE = path.join(ROOT, 'supergraph.graphql');

export interface Composition {
  supergraphSdl: string;
  /** the schema clients see through the gateway */
  apiSchema: GraphQLSchema;
  subgraphs: Array<{ name: string; file: string; sdl: string }>;
}

export async function composeSupergraph(): Promise<Composition> {
  const subgraphs = [];
  for (const definition of SUBGRAPHS) {
    const info = departmentInfo(definition.department);
    const sdl = await printSubgraphSdl(definition);
    subgraphs.push({
      name: info.subgraph,
      file: path.join(ROOT, 'subgraphs', info.subgraph, 'schema.graphql'),
      sdl,
      info,
    });
  }
  const result = composeServices(
    subgraphs.map((s) => ({
      name: s.name,
      url: `http://localhost:${s.info.port}/graphql`,
      typeDefs: parse(s.sdl),
    })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `  ${e.message}`).join('\n')}`);
  }
  return {
    supergraphSdl: result.supergraphSdl,
    apiSchema: result.schema.toAPISchema().toGraphQLJSSchema(),
    subgraphs: subgraphs.map(({ name, file, sdl }) => ({ name, file, sdl: sdl.trimEnd() + '\n' })),
  };
}
