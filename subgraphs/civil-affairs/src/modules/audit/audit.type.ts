import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';
import { Department } from '../../../../../shared/graphql-types';

export enum AuditKind {
  READ = 'READ',
  WRITE = 'WRITE',
}

registerEnumType(AuditKind, {
  name: 'AuditKind',
  valuesConfig: {
    READ: { description: "another department's user or service read the data" },
    WRITE: { description: 'anyone changed the data' },
  },
});

@ObjectType({ description: "One read or change of a subject's data, from a department's audit log" })
export class AuditEntry {
  @Field(() => String, { description: 'ISO date-time, stamped by the database of the log that holds it' })
  at: string;

  @Field(() => String, { description: 'the user (a service: `service:<department>:<purpose>`)' })
  user: string;

  @Field(() => Department, { description: "the caller's department" })
  department: Department;

  @Field(() => String, { description: "the caller's role" })
  role: string;

  @Field(() => String, { description: "the mutation for a change; the client's operation name for a read" })
  operation: string;

  @Field(() => AuditKind)
  kind: AuditKind;

  @Field(() => [String], {
    description: 'fields read, as paths under the subject (`medical.majorIllness`), or the input written',
  })
  fields: string[];

  @Field(() => Department, { description: 'the department whose data it was; its log holds the entry' })
  recordedBy: Department;

  @Field(() => String, {
    nullable: true,
    description: "the gateway's request id: the entries of one lookup share it",
  })
  requestId: string | null;
}

@ObjectType({
  description:
    "Who read or changed a subject's data, from every department's tamper-evident audit log, newest first",
})
@Directive('@key(fields: "idNumber since regionCode")')
export class AuditTrail {
  @Field(() => String)
  idNumber: string;

  @Field(() => String, { nullable: true, description: 'ISO date the trail starts on (China time)' })
  since: string | null;

  @Field(() => String, {
    description: "the subject's region the caller's right to the trail was granted on",
  })
  regionCode: string;
}
