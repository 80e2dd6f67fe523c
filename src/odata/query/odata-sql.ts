// SQL building blocks shared by the OData translators: the dialect, generated parameter
// names, escaped column references resolved through TypeORM metadata (never request text),
// and literal formats.
import { EntityMetadata, SelectQueryBuilder } from 'typeorm';

export type SqlDialect = 'sqlite' | 'mysql';

// `any` is what TypeORM itself uses for untyped query builders.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyQueryBuilder = SelectQueryBuilder<any>;

/** Derives the dialect from the query builder's connection. */
export function dialectOf(qb: AnyQueryBuilder): SqlDialect {
  const type = qb.connection.options.type;
  if (type === 'mysql' || type === 'mariadb') return 'mysql';
  if (type === 'better-sqlite3') return 'sqlite';
  throw new Error(`Unsupported database type for OData translation: ${String(type)}`);
}

/** Allocates parameter names that are not yet used on the query builder. */
export class ParamAllocator {
  readonly params: Record<string, unknown> = {};
  private counter = 0;

  constructor(
    private readonly qb: AnyQueryBuilder,
    private readonly prefix: string,
  ) {}

  bind(value: unknown): string {
    const existing = this.qb.getParameters();
    let name: string;
    do {
      name = `${this.prefix}${this.counter++}`;
    } while (name in existing || name in this.params);
    this.params[name] = value;
    return `:${name}`;
  }
}

/** Escaped `"alias"."db_column"` for an entity property name. */
export function columnSql(qb: AnyQueryBuilder, alias: string, propertyName: string): string {
  const aliasObj = qb.expressionMap.aliases.find((a) => a.name === alias);
  let dbName = propertyName;
  if (aliasObj?.hasMetadata) {
    const col = aliasObj.metadata.findColumnWithPropertyPath(propertyName);
    if (!col) throw new Error(`Entity ${aliasObj.metadata.name} has no property '${propertyName}' (EDM model mismatch)`);
    dbName = col.databaseName;
  }
  return `${qb.escape(alias)}.${qb.escape(dbName)}`;
}

/** Escaped `"alias"."db_column"` for a property of an entity that is not on the query builder (a lambda subquery). */
export function metadataColumnSql(qb: AnyQueryBuilder, metadata: EntityMetadata, alias: string, propertyName: string): string {
  const col = metadata.findColumnWithPropertyPath(propertyName);
  if (!col) throw new Error(`Entity ${metadata.name} has no property '${propertyName}' (EDM model mismatch)`);
  return `${qb.escape(alias)}.${qb.escape(col.databaseName)}`;
}

/** 'YYYY-MM-DD HH:MM:SS.SSS' in UTC: the format TypeORM uses for SQLite datetime columns. */
export function toSqliteUtc(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

export const TRUE_SQL = '(1 = 1)';
export const FALSE_SQL = '(1 = 0)';

/** Escapes LIKE wildcards; the escape character is backslash. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
