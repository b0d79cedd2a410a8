/**
 * `repository.findBy({ [property]: Any(values) })` without building the query on every call. On a
 * lookup's hot path TypeORM's query builder (find options → expression map → SQL, and the raw rows
 * back through its transformer) cost a partner subgraph more CPU than the statement itself. The SQL
 * is made once per entity and property; each row is hydrated column by column with the driver's own
 * conversion (column types and value transformers), as TypeORM does for a flat entity. Entities
 * with relations, embedded columns or soft deletion are refused: their rows are not flat.
 */
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

export type SelectBy<E> = (values: readonly unknown[], runner?: EntityManager) => Promise<E[]>;

export function selectByAny<E extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<E>,
  property: keyof E & string,
): SelectBy<E> {
  // made on the first call: the data source is initialised by then
  let prepared: { sql: string; create: () => E; columns: ColumnMetadata[] } | undefined;
  const prepare = () => {
    const metadata = db.getMetadata(entity);
    if (metadata.relations.length || metadata.embeddeds.length || metadata.deleteDateColumn)
      throw new Error(`selectByAny: ${metadata.name} is not a flat entity`);
    const key = metadata.findColumnWithPropertyName(property);
    if (!key) throw new Error(`selectByAny: ${metadata.name} has no column ${property}`);
    const { driver } = db;
    return {
      sql:
        `/* ${metadata.tableName} by ${key.databaseName} */ SELECT ` +
        metadata.columns.map((c) => driver.escape(c.databaseName)).join(', ') +
        ` FROM ${driver.escape(metadata.tableName)} WHERE ${driver.escape(key.databaseName)} = ANY($1)`,
      create: () => metadata.create(undefined, { fromDeserializer: true }) as E,
      columns: metadata.columns,
    };
  };
  return async (values, runner = db.manager) => {
    if (!values.length) return [];
    prepared ??= prepare();
    const { sql, create, columns } = prepared;
    const rows: Array<Record<string, unknown>> = await runner.query(sql, [[...values]]);
    return rows.map((row) => {
      const out = create();
      for (const column of columns)
        column.setEntityValue(out, db.driver.prepareHydratedValue(row[column.databaseName], column));
      return out;
    });
  };
}
