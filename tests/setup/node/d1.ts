/**
 * The D1 binding's API over a libSQL client, for the node project (vitest.config.ts): the shared
 * tests read and write their database through `env.DB` as on the worker project, and here those
 * reads and writes reach the same SQLite file the Node app works on. It answers as D1 does:
 * rows as plain objects, `first(column)`, `raw()`, results with `meta.changes` and
 * `meta.last_row_id`, a batch as one transaction, errors whose message starts with `D1_ERROR:`.
 * What it cannot know, asking for throws rather than answering 0: D1's read and write counts
 * (`meta.rows_read`, `rows_written`; tests of those stay on the worker project), and the changes
 * of a statement that returns rows.
 */
import type { Client, InStatement, InValue, ResultSet } from '@libsql/client';

type Value = null | number | string | number[] | bigint;

/** A value as D1 returns it: a blob as an array of bytes, an integer as a number. */
function fromSqlite(value: unknown): Value {
  if (value instanceof ArrayBuffer) return [...new Uint8Array(value)];
  return value as Value;
}

/** A value as D1 binds it: a boolean as 1 or 0; undefined refused, as D1 refuses it. */
function toSqlite(value: unknown, index: number): InValue {
  if (value === undefined) throw new Error(`D1_TYPE_ERROR: Type 'undefined' not supported for value 'undefined' (parameter ${index + 1})`);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return new Uint8Array(value as number[]);
  return value as InValue;
}

function objects(rs: ResultSet): Array<Record<string, Value>> {
  return rs.rows.map((row) => Object.fromEntries(rs.columns.map((name, i) => [name, fromSqlite(row[i])])));
}

/** What libSQL does not tell: asking for it fails rather than answering 0. */
function unknown(name: string, why: string) {
  return {
    enumerable: false,
    get(): never {
      throw new Error(`meta.${name} is unknown on the node project (${why})`);
    },
  };
}

const D1_COUNT = "D1's own count: a test of it belongs to the worker project only, vitest.config.ts";
const RETURNED_ROWS = 'libSQL reports no changes for a statement that returns rows, as an INSERT … RETURNING does';

function resultOf<T>(rs: ResultSet, started: number): D1Result<T> {
  const meta: Record<string, unknown> = { duration: performance.now() - started, size_after: 0 };
  Object.defineProperties(meta, { rows_read: unknown('rows_read', D1_COUNT), rows_written: unknown('rows_written', D1_COUNT) });
  if (rs.columns.length === 0) {
    Object.assign(meta, { changes: rs.rowsAffected, changed_db: rs.rowsAffected > 0, last_row_id: Number(rs.lastInsertRowid ?? 0) });
  } else {
    Object.defineProperties(meta, {
      changes: unknown('changes', RETURNED_ROWS),
      changed_db: unknown('changed_db', RETURNED_ROWS),
      last_row_id: unknown('last_row_id', RETURNED_ROWS),
    });
  }
  return { success: true, results: objects(rs) as T[], meta: meta as D1Meta & Record<string, unknown> };
}

/** SQLite's message as D1 words it: `D1_ERROR: <message>: SQLITE_<code>`, the libSQL error as its cause. */
function asD1Error(err: unknown): Error {
  const e = err as Error & { code?: string };
  const message = (e.message ?? String(err)).replace(/^(SQLITE_[A-Z_]+: )+/, '');
  const code = e.code?.replace(/^(SQLITE_[A-Z]+).*$/, '$1');
  return new Error(`D1_ERROR: ${message}${code ? `: ${code}` : ''}`, { cause: err });
}

class Statement {
  constructor(
    private readonly client: () => Client,
    readonly sql: string,
    readonly args: unknown[] = [],
  ) {}

  bind(...values: unknown[]): Statement {
    // D1 refuses a value it cannot bind when it is bound, not when the statement runs.
    values.forEach(toSqlite);
    return new Statement(this.client, this.sql, values);
  }

  statement(): InStatement {
    return { sql: this.sql, args: this.args.map(toSqlite) };
  }

  private async execute(): Promise<{ rs: ResultSet; started: number }> {
    const started = performance.now();
    try {
      return { rs: await this.client().execute(this.statement()), started };
    } catch (err) {
      throw asD1Error(err);
    }
  }

  async first<T = Record<string, unknown>>(column?: string): Promise<T | null> {
    const { rs } = await this.execute();
    const row = objects(rs)[0];
    if (!row) return null;
    if (column === undefined) return row as T;
    if (!(column in row)) throw new Error(`D1_ERROR: Column not found: ${column}`);
    return row[column] as T;
  }

  async all<T = Record<string, unknown>>(): Promise<D1Result<T>> {
    const { rs, started } = await this.execute();
    return resultOf<T>(rs, started);
  }

  run<T = Record<string, unknown>>(): Promise<D1Result<T>> {
    return this.all<T>();
  }

  async raw<T = unknown[]>(options?: { columnNames?: boolean }): Promise<T[]> {
    const { rs } = await this.execute();
    const rows = rs.rows.map((row) => rs.columns.map((_, i) => fromSqlite(row[i])));
    return (options?.columnNames ? [rs.columns, ...rows] : rows) as T[];
  }
}

/** A D1Database whose statements run on `client()`: the client of the moment (each test file has its own). */
export function d1Over(client: () => Client): D1Database {
  const db = {
    prepare: (sql: string) => new Statement(client, sql),
    async batch<T = unknown>(statements: Statement[]): Promise<D1Result<T>[]> {
      const started = performance.now();
      try {
        const results = await client().batch(
          statements.map((s) => s.statement()),
          'write',
        );
        return results.map((rs) => resultOf<T>(rs, started));
      } catch (err) {
        throw asD1Error(err);
      }
    },
    async exec(sql: string): Promise<D1ExecResult> {
      const started = performance.now();
      try {
        await client().executeMultiple(sql);
      } catch (err) {
        throw asD1Error(err);
      }
      return { count: sql.split('\n').filter((l) => l.trim() !== '').length, duration: performance.now() - started };
    },
    dump(): Promise<ArrayBuffer> {
      throw new Error('D1 dump() is not available on the node project');
    },
    withSession() {
      return db;
    },
  };
  return db as unknown as D1Database;
}
