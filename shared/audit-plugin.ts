/**
 * What every subgraph records in its audit log (shared/audit.ts), gathered while a request runs and
 * written once at its end, in one statement:
 * - every read of this department's sensitive fields (shared/sensitive-fields.ts) by a caller of
 *   another department: one entry per subject, naming the fields actually given out — a field that
 *   was refused or came back null gave nothing and is left out;
 * - every mutation by anyone that succeeded: its root field, the subject it names (`idNumber` or
 *   `input.idNumber`, or named by the resolver through `context.audit.subject`), the input's keys.
 * A request whose audit cannot be written is logged and answered with an error: a write keeps its
 * data (it was made) and says the audit is missing; a read gives nothing out.
 */
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import {
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLSchema,
  getNamedType,
  isObjectType,
} from 'graphql';
import type { Identity } from './auth';
import { AuditEntry, AuditLog } from './audit';
import type { Department } from './departments';
import type { ErrorCode } from './errors';
import { isDatabaseUnreachable } from './graphql-errors';
import { log } from './logging';
import { currentRequestId } from './request-context';
import { SensitiveLookup, sensitiveLookup } from './sensitive-fields';

/** The per-request audit API resolvers and services are given (`context.audit`). */
export class AuditRecorder {
  private subjects = new Set<string>();
  private readonly explicit: Array<{ idNumber: string; operation: string; fields: string[] }> = [];

  /** Names the subject the mutation now running concerns, when its arguments name a record by id. */
  subject(idNumber: string): void {
    this.subjects.add(idNumber);
  }

  /** Records a read whoever the caller is (e.g. the audit trail itself). */
  read(idNumber: string, operation: string, fields: string[]): void {
    this.explicit.push({ idNumber, operation, fields });
  }

  /** @internal the subjects named since the last call */
  takeSubjects(): string[] {
    const named = [...this.subjects];
    this.subjects = new Set();
    return named;
  }

  /** @internal */
  explicitReads() {
    return this.explicit;
  }
}

export interface AuditedContext {
  identity?: Identity;
  audit?: AuditRecorder;
}

interface Owner {
  idNumber: string;
  path: string;
}

interface Write {
  operation: string;
  subjects: string[];
  fields: string[];
}

/** The gateway names a subgraph's fetch `<client operation>__<subgraph>__<n>`. */
export function clientOperationName(name: string | null | undefined): string | null {
  return name ? name.replace(/__[A-Za-z0-9_-]+__\d+$/, '') : null;
}

export function auditPlugin(department: Department, auditLog: AuditLog): ApolloServerPlugin<AuditedContext> {
  const sensitive = sensitiveLookup(department);
  let leading: Set<string> | undefined;
  return {
    async requestDidStart(): Promise<GraphQLRequestListener<AuditedContext>> {
      const reads = new Map<string, Set<string>>();
      const writes: Write[] = [];
      /** objects given out under a subject, on whose path a sensitive field may still be asked */
      const owners = new Map<object, Owner>();
      return {
        async executionDidStart({ operation, contextValue, schema }) {
          const { audit, identity } = contextValue;
          if (!audit || !identity) return;
          const isMutation = operation.operation === 'mutation';
          const foreign = identity.department !== department;
          // a department reading its own data records nothing and pays nothing per field
          if (!isMutation && !foreign) return;
          leading ??= typesLeadingTo(schema, sensitive);
          const leads = (type: GraphQLOutputType) => leading!.has(getNamedType(type).name);
          return {
            willResolveField({ source, args, info }) {
              if (isMutation && !info.path.prev) {
                audit.takeSubjects();
                return (error) => {
                  const named = audit.takeSubjects();
                  if (error) return;
                  const subject = subjectArgument(args);
                  writes.push({
                    operation: info.fieldName,
                    subjects: [...new Set(subject ? [subject, ...named] : named)],
                    fields: writtenFields(args),
                  });
                };
              }
              if (!foreign) return;
              const type = info.parentType.name;
              let owner: Owner | undefined;
              if (type === 'Subject') {
                const idNumber = (source as { idNumber?: unknown } | null)?.idNumber;
                if (typeof idNumber === 'string') owner = { idNumber, path: '' };
              } else if (leading!.has(type)) {
                owner = owners.get(source as object);
              }
              if (!owner) return;
              const isSensitive = sensitive.get(type)?.has(info.fieldName) ?? false;
              const carries = leads(info.returnType);
              if (!isSensitive && !carries) return;
              const path = owner.path ? `${owner.path}.${info.fieldName}` : info.fieldName;
              const { idNumber } = owner;
              return (error, result) => {
                if (error || result == null) return;
                if (isSensitive) {
                  if (!reads.has(idNumber)) reads.set(idNumber, new Set());
                  reads.get(idNumber)!.add(path);
                }
                if (carries) own(result, { idNumber, path }, owners);
              };
            },
          };
        },

        async willSendResponse({ contextValue, request, response }) {
          const { audit, identity } = contextValue;
          if (!audit || !identity) return;
          const who = {
            actor: identity.user,
            department: identity.department,
            role: identity.role,
            requestId: currentRequestId() ?? null,
          };
          const readOperation = clientOperationName(request.operationName) ?? 'query';
          const entries: AuditEntry[] = [
            ...writes.flatMap((w) =>
              (w.subjects.length ? w.subjects : [null]).map((subject) => ({
                ...who,
                operation: w.operation,
                kind: 'WRITE' as const,
                subjectIdNumber: subject,
                fields: w.fields,
              })),
            ),
            ...[...reads].map(([idNumber, fields]) => ({
              ...who,
              operation: readOperation,
              kind: 'READ' as const,
              subjectIdNumber: idNumber,
              fields: [...fields].sort(),
            })),
            ...audit.explicitReads().map((r) => ({
              ...who,
              operation: r.operation,
              kind: 'READ' as const,
              subjectIdNumber: r.idNumber,
              fields: r.fields,
            })),
          ];
          if (!entries.length) return;
          try {
            await auditLog.append(entries);
          } catch (e) {
            const wrote = writes.length > 0;
            // never the subjects' ID numbers in the log; the request id finds the request
            log.error('audit could not be written', {
              error: String(e),
              requestId: who.requestId,
              actor: who.actor,
              operations: [...new Set(entries.map((x) => x.operation))],
              entries: entries.length,
            });
            if (response.body.kind !== 'single') return;
            const result = response.body.singleResult;
            // a read whose audit could not be written because the database is gone is refused as the
            // outage it is (try again shortly), not as an audit fault; a write that was made says so
            const outage = !wrote && isDatabaseUnreachable(e);
            const error = {
              message: wrote
                ? 'the change was made but its audit record could not be written; it has been logged'
                : outage
                  ? 'this department’s database cannot be reached now, so the read cannot be audited and nothing is given out; try again shortly'
                  : 'the audit record of this read could not be written, so nothing is given out; it has been logged',
              extensions: {
                code: outage ? 'SERVICE_UNAVAILABLE' : ('AUDIT_NOT_RECORDED' satisfies ErrorCode),
                department,
              },
            };
            response.body.singleResult = {
              ...result,
              data: wrote ? result.data : null,
              errors: [...(result.errors ?? []), error],
            };
          }
        },
      };
    },
  };
}

/** The subject a mutation's arguments name: `idNumber`, or `input.idNumber`. */
function subjectArgument(args: Record<string, any>): string | null {
  const raw = typeof args.idNumber === 'string' ? args.idNumber : args.input?.idNumber;
  return typeof raw === 'string' ? raw.trim().toUpperCase() : null;
}

/** The fields a mutation wrote: its input's keys, or its arguments' names when it has no input. */
function writtenFields(args: Record<string, any>): string[] {
  const input = args.input;
  return Object.keys(input && typeof input === 'object' && !Array.isArray(input) ? input : args).sort();
}

function own(value: unknown, owner: Owner, owners: Map<object, Owner>): void {
  if (Array.isArray(value)) for (const v of value) own(v, owner, owners);
  else if (value && typeof value === 'object') owners.set(value, owner);
}

/** Object types from which a sensitive field can be reached by following fields (Subject excluded). */
function typesLeadingTo(schema: GraphQLSchema, sensitive: SensitiveLookup): Set<string> {
  const objects = Object.values(schema.getTypeMap()).filter(
    (t: GraphQLNamedType): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'),
  );
  const found = new Set<string>([...sensitive.keys()].filter((t) => t !== 'Subject'));
  for (let grew = true; grew;) {
    grew = false;
    for (const type of objects) {
      if (found.has(type.name) || type.name === 'Subject') continue;
      if (Object.values(type.getFields()).some((f) => found.has(getNamedType(f.type).name))) {
        found.add(type.name);
        grew = true;
      }
    }
  }
  return found;
}
