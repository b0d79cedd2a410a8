import { Field, ObjectType } from 'type-graphql';
import { Department } from '../../../../../shared/graphql-types';
import { AuditKind } from './audit.type';

@ObjectType({
  description:
    "One read or change of the asking person's own data (a CITIZEN token's `myAccessLog`): which department, in what role, which fields, when — never who",
})
export class AccessLogEntry {
  @Field(() => String, { description: 'ISO date-time, stamped by the database of the log that holds it' })
  at: string;

  @Field(() => Department, { description: 'the department that read or changed the data' })
  department: Department;

  @Field(() => String, {
    description:
      'its role: ADMIN, STAFF, VISITOR, WINDOW, DASHBOARD, or SERVICE for a department system acting on its own',
  })
  role: string;

  @Field(() => String, { description: "the change made, or the name of the reading screen's query" })
  operation: string;

  @Field(() => AuditKind)
  kind: AuditKind;

  @Field(() => [String], {
    description: 'fields read, as paths under the person (`medical.majorIllness`), or the input written',
  })
  fields: string[];

  @Field(() => Department, { description: 'the department whose data it was; its audit log holds the entry' })
  recordedBy: Department;
}
