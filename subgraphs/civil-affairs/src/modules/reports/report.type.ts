import { Directive, Field, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'A monthly table as the source document prints it (contract reports.graphql): the Chinese column headers in order and one row of cells per person or discovery — the same as GET /reports/<table>.<csv|xlsx>',
})
@Directive('@key(fields: "id")')
export class MonthlyReport {
  @Field(() => String, { description: 'this page of the report (table, region, month, cursor), opaque' })
  id: string;

  @Field(() => [String], { description: "the source table's headers, 序号 first" })
  columns: string[];

  @Field(() => String, { description: 'ISO date-time the page was read' })
  generatedAt: string;

  @Field(() => String, { nullable: true, description: 'pass as `after` for the next page' })
  endCursor: string | null;

  @Field(() => Boolean, { description: 'more rows follow this page' })
  hasNextPage: boolean;
}
