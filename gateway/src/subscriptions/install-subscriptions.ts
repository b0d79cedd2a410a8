/**
 * @apollo/gateway does not execute subscriptions, so the gateway serves them itself over graphql-ws
 * on the same /graphql path: a copy of the API schema in which every field of the definitions table
 * streams from the event log, and each message's payload is a query run through the gateway under
 * the subscriber's token, shared by all subscribers that ask the same.
 */
import {
  GraphQLError,
  GraphQLField,
  GraphQLObjectType,
  GraphQLResolveInfo,
  GraphQLSchema,
  OperationDefinitionNode,
  buildASTSchema,
  getNamedType,
  isObjectType,
  parse,
  printSchema,
} from 'graphql';
import { AppError, ForbiddenError, InvalidInputError } from '../../../shared/errors';
import { toGraphQLError } from '../../../shared/graphql-errors';
import type { GatewayContext, SubscriberContext } from '../context';
import type { EventSubscription, SubscriptionDefinition, TickerSubscription } from './definition';
import type { EventFeed, LogEvent } from './event-feed';
import {
  ExecutionResult,
  PayloadCache,
  PayloadPart,
  answerOf,
  collectFields,
  payloadRequest,
  run,
} from './payload';
import { closable, eventStream, ticks } from './streams';

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
  const installed = new Set<string>();
  for (const definition of definitions) {
    const where = `subscription definition ${definition.field}`;
    const field = fields[definition.field];
    if (!field) throw new Error(`${where}: the API schema has no Subscription.${definition.field}`);
    if (installed.has(definition.field)) throw new Error(`${where}: defined twice`);
    const root = queries[definition.payloadQuery.field];
    if (!root) throw new Error(`${where}: the API schema has no Query.${definition.payloadQuery.field}`);
    if (definition.kind === 'event') installEvent(field, root, definition, where, feed, execute, cache);
    else installTicker(field, root, definition, where, feed, execute);
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
    const message = eventMessage(envelope, carried.name, root, info);
    return closable(async function* (closed) {
      const accept = (event: LogEvent) => definition.accept(event, args, subscriber.identity);
      for await (const event of eventStream(feed, after, accept, closed)) {
        const variables = message.request.variables(definition.payloadQuery.arguments(event, args));
        const result = await cache.get(
          `${event.cursor}|${message.request.query}|${JSON.stringify(variables)}|${context.authorization}`,
          () => run(() => execute(message.request.query, variables, context)),
        );
        const answer = answerOf(result, root.name, message.keys);
        // the payload query refused this subscriber the entity: not theirs to hear of
        if (answer.kind === 'refused') continue;
        yield answer.kind === 'fault' ? new Fault(answer.error) : message.build(event, answer.data);
      }
    });
  };
  field.resolve = deliver;
}

const TYPENAME = (parse('{ __typename }').definitions[0] as OperationDefinitionNode).selectionSet;

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
) {
  sameType(where, `Subscription.${field.name}`, field, root);
  field.subscribe = (_root, args, context: GatewayContext, info) => {
    const subscriber = asSubscriber(context);
    authorize(definition, args, subscriber);
    const parts = info.fieldNodes.map((node) => ({ key: 'payload', selectionSet: node.selectionSet }));
    const request = payloadRequest(root, parts, info);
    const variables = request.variables(definition.payloadQuery.arguments(args));
    return closable(async function* (closed) {
      const accept = (event: LogEvent) => definition.accept(event, args, subscriber.identity);
      for await (const _ of ticks(feed, accept, definition.everyMs, closed)) {
        const result = await run(() => execute(request.query, variables, context));
        const answer = answerOf(result, root.name, ['payload']);
        yield answer.kind === 'data' ? answer.data.payload : new Fault(answer.error);
      }
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
