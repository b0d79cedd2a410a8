/**
 * The gateway's half of masking (shared/disclosure.ts has the subgraphs' half):
 * - a field a subgraph withheld comes back as a `WITHHELD` error at the field's path; it is not a
 *   failure, so it moves from `errors` to `extensions.withheld: [{ path, reason }]`;
 * - ID numbers are every subgraph's key, so they are masked here, in the final answer, for staff of
 *   other departments: those civil affairs reported as not to be shown, and any other `idNumber`
 *   it did not report as shown (a person reached without civil affairs says nothing to allow it).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { Department } from '../../shared/departments';
import {
  ID_NUMBERS_EXTENSION,
  IdNumberDisclosure,
  WITHHELD,
  idNumberDisclosure,
  maskIdNumber,
} from '../../shared/disclosure';
import type { GatewayContext } from './context';

export interface Withheld {
  path: ReadonlyArray<string | number>;
  reason: string;
}

const ID_NUMBER = /^\d{17}[\dX]$/;

/** Takes a subgraph answer's ID-number report into the request's (the data source calls it). */
export function collectIdNumbers(context: GatewayContext | undefined, extensions: unknown): void {
  const report = (extensions as Record<string, { shown?: string[]; masked?: string[] }> | undefined)?.[
    ID_NUMBERS_EXTENSION
  ];
  if (!context || !report) return;
  context.idNumbers ??= idNumberDisclosure();
  for (const id of report.shown ?? []) context.idNumbers.shown.add(id);
  for (const id of report.masked ?? []) context.idNumbers.masked.add(id);
}

/** Masks, in place, the ID numbers `decisions` does not show; returns where and why. */
export function maskIdNumbers(data: unknown, decisions: IdNumberDisclosure): Withheld[] {
  const out: Withheld[] = [];
  const walk = (value: unknown, path: Array<string | number>) => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, [...path, i]));
    if (!value || typeof value !== 'object') return;
    const object = value as Record<string, unknown>;
    for (const [key, v] of Object.entries(object)) {
      if (typeof v === 'string') {
        const hide =
          decisions.masked.has(v) || (key === 'idNumber' && ID_NUMBER.test(v) && !decisions.shown.has(v));
        if (hide) {
          object[key] = maskIdNumber(v);
          out.push({ path: [...path, key], reason: 'ID_NUMBER_MASKED' });
        }
      } else walk(v, [...path, key]);
    }
  };
  walk(data, []);
  return out;
}

export function disclosurePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const withheld: Withheld[] = [];
          if (result.errors) {
            const kept: GraphQLFormattedError[] = [];
            for (const e of result.errors) {
              if (e.extensions?.code === WITHHELD && e.path)
                withheld.push({ path: e.path, reason: String(e.extensions.reason ?? 'NOT_SHOWN') });
              else kept.push(e);
            }
            (result as { errors?: readonly GraphQLFormattedError[] }).errors = kept.length ? kept : undefined;
          }
          const identity = contextValue.identity;
          if (
            result.data &&
            identity &&
            !identity.service &&
            identity.department !== Department.CIVIL_AFFAIRS
          )
            withheld.push(...maskIdNumbers(result.data, contextValue.idNumbers ?? idNumberDisclosure()));
          if (withheld.length) result.extensions = { ...result.extensions, withheld };
        },
      };
    },
  };
}
