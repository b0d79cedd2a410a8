/**
 * The partner contract (../shared/contract): its operation documents and example variables.
 * CONTRACT_DIR overrides where it is read from.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DocumentNode, FragmentDefinitionNode, Kind, OperationDefinitionNode, parse, print } from 'graphql';

/** the repository's root: two levels up, three when compiled to dist/ (the benchmarks) */
const REPO = path.resolve(__dirname, '..', '..', ...(__filename.endsWith('.js') ? ['..'] : []));

export const CONTRACT_DIR = path.resolve(
  process.env.CONTRACT_DIR ?? path.join(REPO, '..', 'shared', 'contract'),
);

export interface ContractOperation {
  name: string;
  file: string;
  /** the operation with every fragment of its file, ready to send */
  document: string;
  ast: DocumentNode;
}

export function contractOperations(): ContractOperation[] {
  if (!existsSync(CONTRACT_DIR))
    throw new Error(`contract folder not found at ${CONTRACT_DIR}; set CONTRACT_DIR`);
  const operations: ContractOperation[] = [];
  for (const file of readdirSync(CONTRACT_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()) {
    const doc = parse(readFileSync(path.join(CONTRACT_DIR, file), 'utf8'));
    const fragments = doc.definitions.filter(
      (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION,
    );
    for (const op of doc.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    )) {
      const ast: DocumentNode = { kind: Kind.DOCUMENT, definitions: [op, ...fragments] };
      operations.push({ name: op.name!.value, file, document: print(ast), ast });
    }
  }
  return operations;
}

/** The example variables of an operation, with `<placeholders>` filled from `fill`. */
export function contractVariables(name: string, fill: Record<string, unknown> = {}): Record<string, any> {
  const text = readFileSync(path.join(CONTRACT_DIR, 'variables', `${name}.json`), 'utf8');
  const vars = JSON.parse(text);
  const replace = (v: any): any => {
    if (typeof v === 'string' && /^<.*>$/.test(v)) {
      if (!(v in fill)) throw new Error(`no value for ${v} in ${name}.json`);
      return fill[v];
    }
    if (Array.isArray(v)) return v.map(replace);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replace(x)]));
    return v;
  };
  return replace(vars);
}
