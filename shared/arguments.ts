/**
 * Every ID a client sends here (an argument of type ID, or an ID field of an input object) names a
 * row whose key is a UUID. Anything else is refused as BAD_USER_INPUT naming the argument before the
 * resolver runs, so it never reaches SQL, where PostgreSQL would refuse it with its own message.
 * Every String argument is free of control characters (tab and line breaks aside): a NUL is refused
 * by PostgreSQL in text (a fault, not bad input), and a bell or a terminal escape in a name is a
 * mistyped or hostile value that every later reader of the record would get.
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
// C0 controls but tab, line feed and carriage return; DEL; C1 controls
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const CHECKED_SCALARS = new Set(['ID', 'String']);

export function checkArguments(schema: GraphQLSchema): void {
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (!field.args.some((arg) => holdsChecked(arg.type, new Set()))) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        for (const arg of field.args) checkValue(arg.type, args[arg.name], arg.name);
        return resolve(source, args, context, info);
      };
    }
  }
}

function holdsChecked(type: GraphQLInputType, seen: Set<string>): boolean {
  const t = getNullableType(type);
  if (isListType(t)) return holdsChecked(t.ofType, seen);
  if (isScalarType(t)) return CHECKED_SCALARS.has(t.name);
  if (!isInputObjectType(t) || seen.has(t.name)) return false;
  seen.add(t.name);
  return Object.values(t.getFields()).some((f) => holdsChecked(f.type, seen));
}

function checkValue(type: GraphQLInputType, value: unknown, path: string): void {
  if (value === null || value === undefined) return;
  const t = getNullableType(type);
  if (isListType(t)) {
    if (Array.isArray(value)) value.forEach((v, i) => checkValue(t.ofType, v, `${path}[${i}]`));
  } else if (isScalarType(t)) {
    if (t.name === 'ID' && !UUID.test(String(value)))
      throw new InvalidInputError(path, 'is not an id of this platform', 'FORMAT');
    if (t.name === 'String' && typeof value === 'string' && CONTROL.test(value))
      throw new InvalidInputError(path, 'must not hold control characters', 'CONTROL_CHARACTER');
  } else if (isInputObjectType(t)) {
    for (const [name, f] of Object.entries(t.getFields()))
      checkValue(f.type, (value as Record<string, unknown>)[name], `${path}.${name}`);
  }
}
