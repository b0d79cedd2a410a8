/**
 * @apollo/gateway does not execute subscriptions, so the gateway serves them itself over graphql-ws
 * on the same /graphql path: a copy of the API schema whose subscription fields stream events from
 * the event log, and whose payload fields (the case, the referral, with fields of every department)
 * are resolved by running a query through the gateway, shared by all clients that ask the same.
 */
import {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLObjectType,
  GraphQLResolveInfo,
  GraphQLSchema,
  Kind,
  buildASTSchema,
  parse,
  print,
  printSchema,
  visit,
} from 'graphql';
import { Role } from '../../../shared/auth';
import { Department } from '../../../shared/departments';
import { ForbiddenError } from '../../../shared/errors';
import { isWithinRegion } from '../../../shared/regions';
import type { GatewayContext } from '../context';
import type { EventFeed, LogEvent } from './event-feed';

export type Execute = (
  query: string,
  variables: Record<string, unknown>,
  context: GatewayContext,
) => Promise<{ data?: any; errors?: readonly any[] }>;

interface Filter {
  kind: LogEvent['kind'];
  accept(event: LogEvent): boolean;
}

/** Events after `after` from the log, then live ones, in cursor order, without duplicates. */
async function* eventStream(feed: EventFeed, after: string | null, filter: Filter): AsyncGenerator<LogEvent> {
  const queue: LogEvent[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = feed.subscribe((event) => {
    queue.push(event);
    wake?.();
  });
  try {
    let last = after;
    if (after !== null) {
      for (;;) {
        const page = await feed.page(last!);
        for (const event of page) {
          last = event.cursor;
          if (event.kind === filter.kind && filter.accept(event)) yield event;
        }
        if (page.length < 500) break;
      }
    }
    for (;;) {
      while (queue.length) {
        const event = queue.shift()!;
        if (last !== null && BigInt(event.cursor) <= BigInt(last)) continue;
        last = event.cursor;
        if (event.kind === filter.kind && filter.accept(event)) yield event;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    unsubscribe();
  }
}

/** Yields at once, then after each matching event (several close together count once) and every `everyMs`. */
async function* tick(
  feed: EventFeed,
  matches: (e: LogEvent) => boolean,
  everyMs: number,
): AsyncGenerator<number> {
  let pending = true;
  let wake: (() => void) | undefined;
  const unsubscribe = feed.subscribe((e) => {
    if (!matches(e)) return;
    pending = true;
    wake?.();
  });
  const timer = setInterval(() => {
    pending = true;
    wake?.();
  }, everyMs);
  try {
    for (let n = 0; ; n++) {
      if (!pending) await new Promise<void>((resolve) => (wake = resolve));
      pending = false;
      wake = undefined;
      yield n;
    }
  } finally {
    clearInterval(timer);
    unsubscribe();
  }
}

/** One execution per (event, selection, variables, caller) however many clients share it. */
class PayloadCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();
  get(key: string, load: () => Promise<unknown>) {
    const now = Date.now();
    if (this.entries.size > 10_000)
      for (const [k, e] of this.entries) if (now - e.at > 30_000) this.entries.delete(k);
    const hit = this.entries.get(key);
    if (hit && now - hit.at < 30_000) return hit.value;
    const value = load();
    this.entries.set(key, { at: now, value });
    return value;
  }
}

export function subscriptionSchema(
  apiSchema: GraphQLSchema,
  feed: EventFeed,
  execute: Execute,
): GraphQLSchema {
  const schema = buildASTSchema(parse(printSchema(apiSchema)));
  const subscription = schema.getSubscriptionType() as GraphQLObjectType | null;
  if (!subscription) return schema;
  const cache = new PayloadCache();
  const fields = subscription.getFields();

  const payload =
    (rootQuery: string, entityField: string, typename: string) =>
    async (event: LogEvent, _args: unknown, context: GatewayContext, info: GraphQLResolveInfo) => {
      const out: Record<string, unknown> = {};
      for (const selection of info.fieldNodes[0].selectionSet?.selections ?? []) {
        if (selection.kind !== Kind.FIELD) continue;
        const key = selection.alias?.value ?? selection.name.value;
        if (selection.name.value === 'cursor') out[key] = event.cursor;
        else if (selection.name.value === '__typename') out[key] = typename;
        else if (selection.name.value === entityField) {
          out[key] = await cache.get(
            `${event.cursor}|${print(selection)}|${JSON.stringify(info.variableValues)}|${context.authorization}`,
            () => fetchEntity(rootQuery, event.entityId, selection, info, context, execute),
          );
        }
      }
      return out;
    };

  fields.urgentCaseReported.subscribe = (
    _root,
    args: { regionCode?: string | null; after?: string | null },
    context: GatewayContext,
  ) => {
    const region = args.regionCode ?? context.identity.region;
    if (region && !isWithinRegion(region, context.identity.region)) {
      throw new ForbiddenError(`region ${region} is outside your region ${context.identity.region}`);
    }
    return eventStream(feed, args.after ?? null, {
      kind: 'URGENT_CASE',
      accept: (e) =>
        isWithinRegion(e.regionCode, region) && isWithinRegion(e.regionCode, context.identity.region),
    });
  };
  fields.urgentCaseReported.resolve = payload('urgentCase', 'case', 'UrgentCaseEvent');

  fields.referralReceived.subscribe = (
    _root,
    args: { department: Department; after?: string | null },
    context: GatewayContext,
  ) => {
    const { identity } = context;
    if (
      identity.department !== args.department &&
      !(identity.department === Department.CIVIL_AFFAIRS && identity.role === Role.ADMIN)
    ) {
      throw new ForbiddenError(`only ${args.department} hears of referrals addressed to it`);
    }
    return eventStream(feed, args.after ?? null, {
      kind: 'REFERRAL',
      accept: (e) => e.department === args.department && isWithinRegion(e.regionCode, identity.region),
    });
  };
  fields.referralReceived.resolve = payload('referral', 'referral', 'ReferralEvent');

  // dashboards' counters: now, then after each event in the region, and each minute
  fields.dashboardCountersChanged.subscribe = (
    _root,
    args: { regionCode: string },
    context: GatewayContext,
  ) => {
    if (!isWithinRegion(args.regionCode, context.identity.region)) {
      throw new ForbiddenError(`region ${args.regionCode} is outside your region ${context.identity.region}`);
    }
    return tick(feed, (e) => isWithinRegion(e.regionCode, args.regionCode), 60_000);
  };
  fields.dashboardCountersChanged.resolve = async (
    _tick: unknown,
    args: { regionCode: string },
    context: GatewayContext,
    info: GraphQLResolveInfo,
  ) => {
    const selection = info.fieldNodes[0].selectionSet ? print(info.fieldNodes[0].selectionSet) : '';
    const result = await execute(
      `query Counters($r: String!) { dashboardCounters(regionCode: $r) ${selection} }`,
      { r: args.regionCode },
      context,
    );
    if (!result.data?.dashboardCounters)
      throw new Error(result.errors?.map((e) => e.message).join('; ') ?? 'no counters');
    return result.data.dashboardCounters;
  };
  return schema;
}

/** Runs `query { <root>(id) <the client's selection> }` through the gateway, with the client's fragments and variables. */
async function fetchEntity(
  rootQuery: string,
  id: string,
  selection: FieldNode,
  info: GraphQLResolveInfo,
  context: GatewayContext,
  execute: Execute,
) {
  const fragments = Object.values(info.fragments) as FragmentDefinitionNode[];
  // declare only the client's variables that the payload's selection (or its fragments) uses
  const used = new Set<string>();
  for (const node of [selection, ...fragments]) visit(node, { Variable: (v) => void used.add(v.name.value) });
  const definitions = (info.operation.variableDefinitions ?? [])
    .filter((d) => used.has(d.variable.name.value))
    .map((d) => print(d));
  const query = `query SubscriptionPayload($subscriptionEntityId: ID!${definitions.length ? ', ' + definitions.join(', ') : ''}) {
    entity: ${rootQuery}(id: $subscriptionEntityId) ${selection.selectionSet ? print(selection.selectionSet) : ''}
  }
  ${fragments.map((f) => print(f)).join('\n')}`;
  const variables = Object.fromEntries([...used].map((name) => [name, info.variableValues[name]]));
  const result = await execute(query, { ...variables, subscriptionEntityId: id }, context);
  if (!result.data?.entity && result.errors?.length)
    throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.data?.entity ?? null;
}
