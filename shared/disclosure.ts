/**
 * Masking, said in the response. One guard per subgraph wraps the resolvers of the sensitive fields
 * it keeps (shared/sensitive-fields.ts, `shownTo`): a caller the table does not show the field to
 * gets null and a `WITHHELD` error with the reason, which the gateway moves out of `errors` into
 * `extensions.withheld: [{ path, reason }]` — never a silent wrong value. ID numbers are the one
 * field shown masked instead of withheld: they are every subgraph's key, so the gateway masks them
 * in the final answer (gateway/src/disclosure.ts) from what civil affairs reports per subject.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, GraphQLSchema, defaultFieldResolver, isObjectType } from 'graphql';
import type { Identity } from './auth';
import type { Department } from './departments';
import { Disclosure, SENSITIVE_FIELDS, SensitiveField } from './sensitive-fields';

export const WITHHELD = 'WITHHELD';

/** The answer for a field the caller is not shown: null, and the reason. */
export function withheld(reason: string, field: string): GraphQLError {
  return new GraphQLError(`${field} is withheld: ${reason}`, { extensions: { code: WITHHELD, reason } });
}

/**
 * What a subgraph knows about a subject that the table's rules ask (civil affairs: consent and
 * referrals). `subjectId` is read from the parent value by `subjectOf`.
 */
export interface DisclosureFacts<C> {
  subjectOf(type: string, parent: any): string | null;
  consent?(subjectId: string, context: C): Promise<boolean>;
  handlesReferral?(subjectId: string, department: Department, context: C): Promise<boolean>;
}

async function shown<C extends { identity?: Identity }>(
  rule: SensitiveField & { shownTo: Disclosure },
  parent: any,
  context: C,
  facts: DisclosureFacts<C>,
): Promise<boolean> {
  const identity = context.identity;
  if (!identity) return false;
  const d = rule.shownTo;
  const own = identity.department === rule.department;
  switch (d.to) {
    case 'ANY':
      return true;
    case 'OWN_DEPARTMENT':
      return own && (identity.service === true || !d.roles || d.roles.includes(identity.role));
    case 'CONSENT': {
      if (own || (d.authorField && parent?.[d.authorField] === identity.department)) return true;
      const subjectId = facts.subjectOf(rule.type, parent);
      return !!subjectId && !!facts.consent && (await facts.consent(subjectId, context));
    }
    case 'REFERRAL_HANDLER':
    case 'RECORD_OR_REFERRAL': {
      if (own) return true;
      const subjectId = facts.subjectOf(rule.type, parent);
      return (
        !!subjectId &&
        !!facts.handlesReferral &&
        (await facts.handlesReferral(subjectId, identity.department, context))
      );
    }
  }
}

/**
 * Wraps, in place, the resolvers of the fields `department` keeps whose table row withholds them from
 * some callers. ID numbers are left to the gateway (masked, not withheld).
 */
export function guardSensitiveFields<C extends { identity?: Identity }>(
  schema: GraphQLSchema,
  department: Department,
  facts: DisclosureFacts<C>,
): GraphQLSchema {
  for (const rule of SENSITIVE_FIELDS) {
    if (rule.department !== department || !rule.shownTo || rule.shownTo.to === 'ANY') continue;
    if (rule.shownTo.to === 'RECORD_OR_REFERRAL') continue;
    const type = schema.getType(rule.type);
    const field = isObjectType(type) ? type.getFields()[rule.field] : undefined;
    if (!field)
      throw new Error(`sensitive field ${rule.type}.${rule.field} is not in ${department}'s schema`);
    const resolve = field.resolve ?? defaultFieldResolver;
    const guarded = rule as SensitiveField & { shownTo: Disclosure };
    // thrown, not returned: the audit then knows the field was not given out
    field.resolve = async (parent, args, context: C, info) => {
      if (!(await shown(guarded, parent, context, facts)))
        throw withheld(rule.withheld ?? 'NOT_SHOWN', `${rule.type}.${rule.field}`);
      return resolve(parent, args, context, info);
    };
  }
  return schema;
}

/**
 * What civil affairs tells the gateway about the ID numbers in its answer to another department:
 * which it may show in full (that department holds a record or a referral of the person) and which
 * it must mask. Carried in the subgraph response's `extensions.idNumbers`.
 */
export interface IdNumberDisclosure {
  shown: Set<string>;
  masked: Set<string>;
}

export const ID_NUMBERS_EXTENSION = 'idNumbers';

export function idNumberDisclosure(): IdNumberDisclosure {
  return { shown: new Set(), masked: new Set() };
}

/** Puts the request's ID-number decisions into the response for the gateway. */
export function idNumberDisclosurePlugin(): ApolloServerPlugin<{ idNumbers?: IdNumberDisclosure }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const d = contextValue.idNumbers;
          if (!d || (!d.shown.size && !d.masked.size) || response.body.kind !== 'single') return;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            [ID_NUMBERS_EXTENSION]: { shown: [...d.shown], masked: [...d.masked] },
          };
        },
      };
    },
  };
}

/** An ID number as other departments see it: region and check character kept, `330381********432X`. */
export function maskIdNumber(idNumber: string): string {
  return idNumber.length === 18 ? `${idNumber.slice(0, 6)}********${idNumber.slice(14)}` : '********';
}
