/**
 * GraphQL over HTTP (graphql-http's audits, tests/integration/http-audits.test.ts): a client that
 * accepts only `application/json` gets a request error — a document that does not parse or
 * validate, variables that do not coerce — with status 200, as the spec asks for that media type;
 * a client that accepts `application/graphql-response+json` gets the 4xx status. Apollo Server
 * answers 400 to both.
 */
import type { ApolloServerPlugin } from '@apollo/server';

const REQUEST_ERRORS = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
]);

function wantsPlainJson(accept: string | undefined): boolean {
  if (!accept) return false;
  return !accept.includes('application/graphql-response+json') && accept.includes('application/json');
}

export function httpConformancePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      return {
        async willSendResponse({ response }) {
          if (response.http.status !== 400 || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const requestError =
            result.data === undefined &&
            !!result.errors?.length &&
            result.errors.every((e) => REQUEST_ERRORS.has(String(e.extensions?.code)));
          if (requestError && wantsPlainJson(request.http?.headers.get('accept'))) response.http.status = 200;
        },
      };
    },
  };
}
