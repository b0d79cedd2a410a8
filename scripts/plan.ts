/**
 * npm run plan -- <file.graphql> [operation]: prints the gateway's query plan for an operation of a
 * document (e.g. ../shared/contract/reception-window.graphql CrossLineLookup) over supergraph.graphql.
 */
import { readFileSync } from 'node:fs';
import { Kind, parse, print } from 'graphql';
import { SUPERGRAPH_FILE } from '../gateway/src/compose';
import { fetchesOf, queryPlanner } from '../gateway/src/query-plan';

const [file, operationName] = process.argv.slice(2);
if (!file) {
  console.error('usage: npm run plan -- <file.graphql> [operation]');
  process.exit(2);
}
const document = parse(readFileSync(file, 'utf8'));
// keep the one operation and the fragments, so a file of several operations plans as one
const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
const chosen = operationName ? operations.find((d: any) => d.name?.value === operationName) : operations[0];
if (!chosen) {
  console.error(`no operation ${operationName} in ${file}`);
  process.exit(2);
}
const single = print({
  kind: Kind.DOCUMENT,
  definitions: [chosen, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)],
});
const planner = queryPlanner(readFileSync(SUPERGRAPH_FILE, 'utf8'));
const plan = planner.plan(single);
console.log(planner.format(plan));
const fetches = fetchesOf(plan);
console.log(`\n${fetches.length} fetches: ${fetches.join(' → ')}`);
