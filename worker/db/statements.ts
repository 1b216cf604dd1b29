/**
 * Statements built once and run many times (issue 15): drizzle turns a query into SQL text on every
 * call, walking its tree of columns, aliases and subqueries, and for a submission's batch that was
 * about a third of the Worker's own CPU. A statement built here with placeholders
 * (`sql.placeholder(name)`) in place of its values is kept as its text and the places of its
 * values; each use fills them and sends the batch to the database's own client, D1's or libSQL's,
 * as drizzle would have (one atomic batch on either).
 *
 * Rows come back by column name (D1 gives objects, libSQL rows whose columns are also properties),
 * as SQLite names them: the SQL's own aliases, or the column's name where it has none.
 */
import { fillPlaceholders, type Query } from 'drizzle-orm';
import type { Db } from './client';

/** A statement's SQL text and its parameters, placeholders among them until a use fills them. */
export type Template = Pick<Query, 'sql' | 'params'>;

/** A row as the client hands it over, read by column name. */
export type Row = Record<string, unknown>;

interface D1Like {
  prepare(sql: string): { bind(...values: unknown[]): unknown };
  batch(statements: unknown[]): Promise<Array<{ results: Row[] }>>;
}

interface LibsqlLike {
  batch(statements: Array<{ sql: string; args: unknown[] }>): Promise<Array<{ rows: Row[] }>>;
}

/** Each statement's SQL and parameters, as drizzle builds them; built once, kept by the caller. */
export function templatesOf(statements: ReadonlyArray<{ toSQL(): Query }>): Template[] {
  return statements.map((s) => {
    const { sql, params } = s.toSQL();
    return { sql, params };
  });
}

/**
 * Runs `templates` with their placeholders filled from `values` as one atomic batch on the
 * database's own client; each statement's rows. A placeholder without a value throws before
 * anything is sent.
 */
export async function runTemplates(db: Db, templates: readonly Template[], values: Record<string, unknown>): Promise<Row[][]> {
  const filled = templates.map((t) => ({ sql: t.sql, params: fillPlaceholders(t.params, values) }));
  const client = (db as unknown as { $client: D1Like | LibsqlLike }).$client;
  if ('prepare' in client) {
    const results = await client.batch(filled.map((s) => client.prepare(s.sql).bind(...s.params)));
    return results.map((r) => r.results ?? []);
  }
  const results = await client.batch(filled.map((s) => ({ sql: s.sql, args: s.params })));
  return results.map((r) => r.rows);
}
