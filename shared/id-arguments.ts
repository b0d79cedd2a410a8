/**
 * Every ID a client sends here (an argument of type ID, or an ID field of an input object) names a
 * row whose key is a UUID. Anything else is refused as BAD_USER_INPUT naming the argument before the
 * resolver runs, so it never reaches SQL, where PostgreSQL would refuse it with its own message.
 * Only root fields are wrapped: no cost on the fields of the answers.
 */
import {
  GraphQLInputType,
  GraphQLSchema,
  defaultFieldResolver,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
} from 'graphql';
import { InvalidInputError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkIdArguments(schema: GraphQLSchema): void {
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (!field.args.some((arg) => holdsId(arg.type, new Set()))) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        for (const arg of field.args) checkIds(arg.type, args[arg.name], arg.name);
        return resolve(source, args, context, info);
      };
    }
  }
}

function holdsId(type: GraphQLInputType, seen: Set<string>): boolean {
  const t = getNullableType(type);
  if (isListType(t)) return holdsId(t.ofType, seen);
  if (isScalarType(t)) return t.name === 'ID';
  if (!isInputObjectType(t) || seen.has(t.name)) return false;
  seen.add(t.name);
  return Object.values(t.getFields()).some((f) => holdsId(f.type, seen));
}

function checkIds(type: GraphQLInputType, value: unknown, path: string): void {
  if (value === null || value === undefined) return;
  const t = getNullableType(type);
  if (isListType(t)) {
    if (Array.isArray(value)) value.forEach((v, i) => checkIds(t.ofType, v, `${path}[${i}]`));
  } else if (isScalarType(t)) {
    if (t.name === 'ID' && !UUID.test(String(value)))
      throw new InvalidInputError(path, 'is not an id of this platform', 'FORMAT');
  } else if (isInputObjectType(t)) {
    for (const [name, f] of Object.entries(t.getFields()))
      checkIds(f.type, (value as Record<string, unknown>)[name], `${path}.${name}`);
  }
}
