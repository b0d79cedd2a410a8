/**
 * @apollo/gateway does not execute subscriptions, so the gateway serves them itself over graphql-ws
 * on the same /graphql path: a copy of the API schema in which every field of the definitions table
 * streams from the event log, and each message's payload is a query run through the gateway under
 * the subscriber's identity.
 *
 * Fan-out: subscribers that send the same operation with the same variables share one message shape,
 * and those of them with the same user and scope (department, role, region: all that the payload
 * query's answer depends on; the user because its read is audited as theirs) share one payload query
 * per event and one finished message, which graphql-ws
 * sends as it is (`subscribe` below): no GraphQL execution per subscriber.
 */
import {
  ExecutionArgs,
  GraphQLError,
  GraphQLField,
  GraphQLObjectType,
  GraphQLResolveInfo,
  GraphQLSchema,
  OperationDefinitionNode,
  buildASTSchema,
  createSourceEventStream,
  execute as executeGraphQL,
  getNamedType,
  isObjectType,
  parse,
  printSchema,
} from 'graphql';
import { mapAsyncIterator } from 'graphql/execution/mapAsyncIterator';
import type { Identity } from '../../../shared/auth';
import { AppError, ForbiddenError, InvalidInputError } from '../../../shared/errors';
import { toGraphQLError } from '../../../shared/graphql-errors';
import type { GatewayContext, SubscriberContext } from '../context';
import type { EventSubscription, SubscriptionDefinition, TickerSubscription } from './definition';
import type { EventFeed, LogEvent } from './event-feed';
import {
  ExecutionResult,
  PayloadCache,
  PayloadPart,
  PayloadRequest,
  answerOf,
  collectFields,
  payloadRequest,
  run,
} from './payload';
import { Clock, closable, eventStream, ticks } from './streams';

export type Execute = (
  query: string,
  variables: Record<string, unknown>,
  context: GatewayContext,
) => Promise<ExecutionResult>;

type Field = GraphQLField<unknown, GatewayContext, any>;

/** A message that is an error for the client: its subscription goes on. */
class Fault {
  constructor(readonly error: GraphQLError) {}
}

/** A message already in its final shape, shared by every subscriber of the same shape and scope. */
class Ready {
  constructor(readonly result: { data: Record<string, unknown> }) {}
}

/**
 * graphql-ws' `subscribe`: the definitions' streams, where a Ready message is sent as it is and
 * anything else (a Fault) is executed as graphql-js would, so errors keep their usual shape.
 */
export async function subscribe(args: ExecutionArgs) {
  const stream = await createSourceEventStream(args);
  if (!isAsyncIterable(stream)) return stream;
  return mapAsyncIterator(stream, (message) =>
    message instanceof Ready
      ? message.result
      : executeGraphQL({ ...args, rootValue: message, fieldResolver: byResponseKey }),
  );
}

const isAsyncIterable = (value: object): value is AsyncIterable<unknown> =>
  typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function';

const byResponseKey = (source: any, _args: unknown, _context: unknown, info: GraphQLResolveInfo) =>
  source?.[info.path.key];

/**
 * Who a payload query runs for besides its arguments: the user, with the department, role and region.
 * The answer depends on the last three only, but each department audits a read under the user the
 * gateway vouches for, so one user's screens share a run and two users never do (a shared run would
 * record one reader for what several received).
 */
const scopeOf = (identity: Identity) =>
  `${identity.user}|${identity.department}|${identity.role}|${identity.region ?? '*'}`;

/**
 * The subscriber's identity for one payload query: a fresh context, because a query's run writes to
 * its context (disclosure.ts) and one run serves every subscriber of the scope.
 */
const payloadContext = ({ identity, principal }: SubscriberContext): GatewayContext => ({
  identity,
  principal,
  authorization: '',
  requestId: undefined,
});

/**
 * The API schema's copy with each definition's `subscribe` and `resolve` set. Throws when a
 * definition and the schema disagree (a field either lacks, a payload type that does not match),
 * so a gateway never starts serving a subscription it cannot answer.
 */
export function installSubscriptions(
  apiSchema: GraphQLSchema,
  definitions: readonly SubscriptionDefinition[],
  feed: EventFeed,
  execute: Execute,
): GraphQLSchema {
  const schema = buildASTSchema(parse(printSchema(apiSchema)));
  const fields = schema.getSubscriptionType()?.getFields() ?? {};
  const queries = schema.getQueryType()?.getFields() ?? {};
  const cache = new PayloadCache();
  const shapes = new Shapes<EventMessage>();
  const requests = new Shapes<PayloadRequest>();
  const installed = new Set<string>();
  for (const definition of definitions) {
    const where = `subscription definition ${definition.field}`;
    const field = fields[definition.field];
    if (!field) throw new Error(`${where}: the API schema has no Subscription.${definition.field}`);
    if (installed.has(definition.field)) throw new Error(`${where}: defined twice`);
    const root = queries[definition.payloadQuery.field];
    if (!root) throw new Error(`${where}: the API schema has no Query.${definition.payloadQuery.field}`);
    if (definition.kind === 'event')
      installEvent(field, root, definition, where, feed, execute, cache, shapes);
    else installTicker(field, root, definition, where, feed, execute, cache, requests);
    installed.add(definition.field);
  }
  const unserved = Object.keys(fields).filter((name) => !installed.has(name));
  if (unserved.length)
    throw new Error(`Subscription.${unserved.join(', Subscription.')} has no definition in the table`);
  return schema;
}

function installEvent(
  field: Field,
  root: Field,
  definition: EventSubscription<any>,
  where: string,
  feed: EventFeed,
  execute: Execute,
  cache: PayloadCache,
  shapes: Shapes<EventMessage>,
) {
  const envelope = getNamedType(field.type);
  if (!isObjectType(envelope)) throw new Error(`${where}: ${envelope.name} is not an object type`);
  const carried = envelope.getFields()[definition.payloadField];
  if (!carried) throw new Error(`${where}: ${envelope.name} has no field ${definition.payloadField}`);
  sameType(where, `${envelope.name}.${carried.name}`, carried, root);
  const others = Object.keys(envelope.getFields()).filter((f) => f !== 'cursor' && f !== carried.name);
  if (!envelope.getFields().cursor || others.length)
    throw new Error(`${where}: ${envelope.name} must hold exactly cursor and ${carried.name}`);

  field.subscribe = (_root, args, context: GatewayContext, info) => {
    const subscriber = asSubscriber(context);
    const after: string | null = args.after ?? null;
    if (after !== null && !/^\d{1,19}$/.test(after))
      throw toGraphQLError(new InvalidInputError('after', 'is not a cursor', 'FORMAT'));
    authorize(definition, args, subscriber);
    const message = shapes.of(info, () => eventMessage(envelope, carried.name, root, info));
    const key = info.path.key;
    const { after: _after, ...rest } = args;
    // who gets the same message for an event: same shape, response key, scope and arguments
    const group = `${message.id}|${key}|${scopeOf(subscriber.identity)}|${JSON.stringify(rest)}`;
    /** the message for this event, for every subscriber of the group */
    const outcome = (event: LogEvent): Promise<Ready | Fault | undefined> =>
      cache.get(
        `${event.cursor}|${group}`,
        async () => {
          const variables = message.request.variables(definition.payloadQuery.arguments(event, args));
          // groups that differ only in their envelope (cursor, __typename) share the payload query
          const result = await cache.get(
            `${event.cursor}|${message.request.query}|${JSON.stringify(variables)}|${scopeOf(subscriber.identity)}`,
            () => run(() => execute(message.request.query, variables, payloadContext(subscriber))),
            (r) => answerOf(r, root.name, message.keys).kind !== 'fault',
          );
          const answer = answerOf(result, root.name, message.keys);
          // the payload query refused this scope the entity: not theirs to hear of
          if (answer.kind === 'refused') return undefined;
          if (answer.kind === 'fault') return new Fault(answer.error);
          return new Ready({ data: { [key]: message.build(event, answer.data) } });
        },
        (outcome) => !(outcome instanceof Fault),
      );
    return closable(async function* (closed) {
      const accept = (event: LogEvent) => definition.accept(event, args, subscriber.identity);
      for await (const event of eventStream(feed, after, accept, closed)) {
        const next = await outcome(event);
        if (next) yield next;
      }
    });
  };
  field.resolve = deliver;
}

/**
 * Message shapes shared by the subscribers that send the same operation (websocket.ts gives them one
 * parsed document) with the same variables; each shape has an id for the delivery cache.
 */
class Shapes<T> {
  private readonly byOperation = new WeakMap<object, Map<string, T & { id: number }>>();
  private next = 0;
  constructor(private readonly perOperation = 100) {}

  of(info: GraphQLResolveInfo, make: () => T): T & { id: number } {
    let shapes = this.byOperation.get(info.operation);
    if (!shapes) this.byOperation.set(info.operation, (shapes = new Map()));
    const variables = JSON.stringify(info.variableValues);
    let shape = shapes.get(variables);
    if (!shape) {
      shape = { ...make(), id: this.next++ };
      if (shapes.size >= this.perOperation) shapes.clear();
      shapes.set(variables, shape);
    }
    return shape;
  }
}

const TYPENAME = (parse('{ __typename }').definitions[0] as OperationDefinitionNode).selectionSet;

type EventMessage = ReturnType<typeof eventMessage>;

/** How one subscription turns an event and its payload query's answer into the client's message. */
function eventMessage(envelope: GraphQLObjectType, carried: string, root: Field, info: GraphQLResolveInfo) {
  const selected = info.fieldNodes.flatMap((node) => collectFields(node.selectionSet, info));
  const parts: PayloadPart[] = selected
    .filter((f) => f.name.value === carried)
    .map((f) => ({ key: f.alias?.value ?? f.name.value, selectionSet: f.selectionSet }));
  // a subscriber that selects only the cursor still hears only of entities it may read
  if (!parts.length) parts.push({ key: 'subscriptionAccess', selectionSet: TYPENAME });
  const keys = [...new Set(parts.map((p) => p.key))];
  return {
    request: payloadRequest(root, parts, info),
    keys,
    build(event: LogEvent, data: Record<string, unknown>) {
      const out: Record<string, unknown> = {};
      for (const f of selected) {
        const key = f.alias?.value ?? f.name.value;
        if (f.name.value === 'cursor') out[key] = event.cursor;
        else if (f.name.value === '__typename') out[key] = envelope.name;
        else if (f.name.value === carried) out[key] = data[key];
      }
      return out;
    },
  };
}

function installTicker(
  field: Field,
  root: Field,
  definition: TickerSubscription<any>,
  where: string,
  feed: EventFeed,
  execute: Execute,
  cache: PayloadCache,
  requests: Shapes<PayloadRequest>,
) {
  sameType(where, `Subscription.${field.name}`, field, root);
  const clock = new Clock(definition.everyMs);
  field.subscribe = (_root, args, context: GatewayContext, info) => {
    const subscriber = asSubscriber(context);
    authorize(definition, args, subscriber);
    const request = requests.of(info, () =>
      payloadRequest(
        root,
        info.fieldNodes.map((node) => ({ key: 'payload', selectionSet: node.selectionSet })),
        info,
      ),
    );
    const variables = request.variables(definition.payloadQuery.arguments(args));
    const query = `${request.query}|${JSON.stringify(variables)}|${scopeOf(subscriber.identity)}`;
    const key = info.path.key;
    const answer = async (): Promise<Ready | Fault> => {
      const result = await run(() => execute(request.query, variables, payloadContext(subscriber)));
      const answer = answerOf(result, root.name, ['payload']);
      return answer.kind === 'data'
        ? new Ready({ data: { [key]: answer.data.payload } })
        : new Fault(answer.error);
    };
    return closable(async function* (closed) {
      const accept = (event: LogEvent) => definition.accept(event, args, subscriber.identity);
      for await (const tag of ticks(feed, accept, clock, closed))
        // the first answer is this subscriber's own; later ones are shared by tick and scope
        yield await (tag === undefined
          ? answer()
          : cache.get(`${tag}|${request.id}|${key}|${query}`, answer, (a) => !(a instanceof Fault)));
    });
  };
  field.resolve = deliver;
}

function deliver(message: unknown) {
  if (message instanceof Fault) throw message.error;
  return message;
}

/** Subscriptions are for staff: the WebSocket refuses other tokens at connection. */
function asSubscriber(context: GatewayContext): SubscriberContext {
  if (!context.identity) throw toGraphQLError(new ForbiddenError('subscriptions are for staff'));
  return context as SubscriberContext;
}

function authorize(definition: SubscriptionDefinition, args: any, context: SubscriberContext) {
  try {
    definition.authorize(args, context.identity);
  } catch (e) {
    throw e instanceof AppError ? toGraphQLError(e) : e;
  }
}

function sameType(where: string, name: string, field: Field, root: Field) {
  if (getNamedType(field.type) !== getNamedType(root.type))
    throw new Error(
      `${where}: Query.${root.name} answers ${String(root.type)}, but ${name} is ${String(field.type)}`,
    );
}
