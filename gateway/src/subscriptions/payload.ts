/**
 * The payload of a subscription message is the answer to a root query with the client's own
 * selection, fragments and variables, run through the gateway (so every department's fields
 * resolve through the query plan) under the subscriber's token.
 */
import {
  FieldNode,
  GraphQLError,
  GraphQLField,
  GraphQLIncludeDirective,
  GraphQLResolveInfo,
  GraphQLSkipDirective,
  Kind,
  SelectionNode,
  SelectionSetNode,
  getDirectiveValues,
  print,
  visit,
} from 'graphql';
import { log } from '../../../shared/logging';

export interface ExecutionResult {
  data?: any;
  errors?: readonly any[];
}

/** One root field of the payload query, under the client's response key. */
export interface PayloadPart {
  key: string;
  selectionSet: SelectionSetNode | undefined;
}

export interface PayloadRequest {
  query: string;
  /** the client's variables that the selection uses, and the root field's arguments */
  variables(args: Record<string, unknown>): Record<string, unknown>;
}

const argumentVariable = (name: string) => `subscriptionPayload_${name}`;

/** The fields a selection set asks for at its own level, through fragments and @skip/@include, as graphql-js collects them. */
export function collectFields(
  selectionSet: SelectionSetNode | undefined,
  info: GraphQLResolveInfo,
): FieldNode[] {
  const fields: FieldNode[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (!included(selection, info.variableValues)) continue;
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        walk(info.fragments[selection.name.value]?.selectionSet);
      }
    }
  };
  walk(selectionSet);
  return fields;
}

function included(node: SelectionNode, variables: Record<string, unknown>): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

/**
 * `query SubscriptionPayload($subscriptionPayload_id: ID!, <client's variables>) { <key>: urgentCase(id: …) <selection> … }`
 * with the client's fragments that the selection uses.
 */
export function payloadRequest(
  root: GraphQLField<any, any>,
  parts: PayloadPart[],
  info: GraphQLResolveInfo,
): PayloadRequest {
  const fragments = new Map<string, string>();
  const used = new Set<string>();
  const scan = (node: SelectionSetNode) =>
    visit(node, {
      Variable: (v) => void used.add(v.name.value),
      FragmentSpread: (spread) => {
        const name = spread.name.value;
        const fragment = info.fragments[name];
        if (fragments.has(name) || !fragment) return;
        fragments.set(name, print(fragment));
        scan(fragment.selectionSet);
      },
    });
  for (const part of parts) if (part.selectionSet) scan(part.selectionSet);

  const declarations = [
    ...root.args.map((a) => `$${argumentVariable(a.name)}: ${String(a.type)}`),
    ...(info.operation.variableDefinitions ?? [])
      .filter((d) => used.has(d.variable.name.value))
      .map((d) => print(d)),
  ];
  const call = root.args.length
    ? `${root.name}(${root.args.map((a) => `${a.name}: $${argumentVariable(a.name)}`).join(', ')})`
    : root.name;
  const query = `query SubscriptionPayload${declarations.length ? `(${declarations.join(', ')})` : ''} {
  ${parts.map((p) => `${p.key}: ${call} ${p.selectionSet ? print(p.selectionSet) : ''}`).join('\n  ')}
}
${[...fragments.values()].join('\n')}`;
  const clientVariables = Object.fromEntries([...used].map((name) => [name, info.variableValues[name]]));
  return {
    query,
    variables: (args) => {
      const unknown = Object.keys(args).filter((name) => !root.args.some((a) => a.name === name));
      if (unknown.length) throw new Error(`${root.name} has no argument ${unknown.join(', ')}`);
      return {
        ...clientVariables,
        ...Object.fromEntries(Object.entries(args).map(([name, value]) => [argumentVariable(name), value])),
      };
    },
  };
}

/** Codes with which the payload query says "not for you": the event is skipped for that subscriber. */
const NOT_FOR_YOU = new Set(['FORBIDDEN', 'NOT_FOUND']);

export type Answer =
  | { kind: 'data'; data: Record<string, unknown> }
  | { kind: 'refused'; error: GraphQLError }
  | { kind: 'fault'; error: GraphQLError };

/** Reads the payload query's result: every part present, or refused (null, FORBIDDEN, NOT_FOUND), or a fault. */
export function answerOf(result: ExecutionResult, root: string, keys: readonly string[]): Answer {
  if (keys.every((key) => result.data?.[key] != null)) return { kind: 'data', data: result.data };
  const errors = result.errors ?? [];
  const error = errors.length
    ? new GraphQLError(errors.map((e) => e.message).join('; '), { extensions: errors[0].extensions })
    : new GraphQLError(`${root} answered null`, { extensions: { code: 'NOT_FOUND' } });
  return { kind: errors.every((e) => NOT_FOR_YOU.has(e.extensions?.code)) ? 'refused' : 'fault', error };
}

/**
 * Payload queries in flight at once per gateway. Each event costs one per user and scope; with many
 * dashboard accounts that is a burst of hundreds at the subgraphs, which without a cap took every
 * connection and core civil affairs had and timed out the very writes that raised the events. Queued
 * ones wait their turn: deliveries come later, writes stay answered.
 */
export const PAYLOAD_CONCURRENCY = 16;
let inFlight = 0;
const waiting: Array<() => void> = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (inFlight >= PAYLOAD_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  else inFlight++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else inFlight--;
  }
}

/** A payload query that could not be run at all (the gateway failed): a fault. */
export async function run(execute: () => Promise<ExecutionResult>): Promise<ExecutionResult> {
  try {
    return await slot(execute);
  } catch (e) {
    log.error('payload query failed', { error: (e as Error).message });
    return {
      errors: [
        { message: 'internal error; it has been logged', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ],
    };
  }
}

/**
 * One execution per (event, query, variables, scope) however many subscribers share it, and one
 * finished message per (event, shape, scope); entries live `ttlMs`, long enough for every
 * subscriber of an event to take its message.
 */
export class PayloadCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();
  constructor(
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 10_000,
  ) {}

  /**
   * `keep` says whether a loaded value may serve others: a failure (a department down while the
   * payload ran) must not, or a dashboard that reconnects and replays the event within the TTL gets
   * the same failure again instead of the event, and the event is lost to it.
   */
  get<T>(key: string, load: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<T> {
    const now = Date.now();
    if (this.entries.size > this.maxEntries)
      for (const [k, e] of this.entries) if (now - e.at > this.ttlMs) this.entries.delete(k);
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value as Promise<T>;
    const value = load();
    const entry = { at: now, value };
    this.entries.set(key, entry);
    const forget = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    value.then((v) => (keep(v) ? undefined : forget()), forget);
    return value;
  }
}
