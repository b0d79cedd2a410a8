/**
 * The one federation helper (STACK.md recipe): builds a type-graphql schema, prints it with its
 * directives and hands it to `buildSubgraphSchema` together with the entities' reference resolvers.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, parse } from 'graphql';
import { BuildSchemaOptions, buildSchema, createResolversMap } from 'type-graphql';
import { checkArguments } from './arguments';

export type ReferenceResolvers = Record<string, { __resolveReference: (ref: any, ctx: any) => unknown }>;

export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: ReferenceResolvers = {},
  /** SDL added as is, e.g. a Subscription type the gateway serves but the subgraph never does */
  extraTypeDefs = '',
): Promise<GraphQLSchema> {
  const schema = await buildSchema({ validate: false, ...options, skipCheck: true });
  checkArguments(schema);
  const resolvers: any = createResolversMap(schema);
  for (const [type, fns] of Object.entries(referenceResolvers))
    resolvers[type] = { ...resolvers[type], ...fns };
  return buildSubgraphSchema({
    resolvers,
    typeDefs: parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3",
        import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])
      ${printSchemaWithDirectives(schema)}
      ${extraTypeDefs}`),
  });
}
