/**
 * What one operation may ask of the gateway, checked before any department is called: depth, aliases,
 * directives and cost by graphql-armor's validation rules, tokens by graphql-js' own parser limit
 * (Apollo's `parseOptions.maxTokens`: one parse, aborted at the limit). Every contract operation
 * passes them with room to spare (tests/security/limits.test.ts measures each).
 */
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, ParseOptions, ValidationContext, ValidationRule } from 'graphql';
import type { OperationLimits } from './config';

type Limit = 'depth' | 'aliases' | 'directives' | 'cost';

/**
 * A refusal as a coded validation error (Apollo answers 400 GRAPHQL_VALIDATION_FAILED) naming the
 * limit, instead of armor's default: a thrown "Syntax Error: …" that would end the validation early.
 */
function refuse(limit: Limit) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(
          new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit },
          }),
        ),
    ],
  };
}

export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.depth, ...refuse('depth') }),
    maxAliasesRule({ n: limits.aliases, ...refuse('aliases') }),
    maxDirectivesRule({ n: limits.directives, ...refuse('directives') }),
    costLimitRule({ maxCost: limits.cost, ...refuse('cost') }),
  ];
}

export function operationParseOptions(limits: OperationLimits): ParseOptions {
  return { maxTokens: limits.tokens };
}
