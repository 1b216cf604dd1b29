/**
 * What the logs say of a failure (worker/lib/failure.ts): a failed query's statement and the
 * database's reason, never its parameters; a JSON parser's quote of its input, never.
 */
import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { feedback } from '../../worker/db/schema';
import { failureText, loggableFailure } from '../../worker/lib/failure';

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('failureText', () => {
  it("keeps a failed query's statement and the database's reason, not the values bound to it", async () => {
    const db = createDb(env.DB);
    const err = await failureOf(() => db.select({ id: feedback.id }).from(feedback).where(sql`${'zhang.san@qq.com'} = ${feedback.id} and no_such_column = ${'13812345678'}`));
    // The error as drizzle throws it does carry them.
    expect(String((err as Error).message)).toContain('13812345678');
    const text = failureText(err);
    expect(text).toMatch(/^failed query select "id" from "feedback"/);
    expect(text).toContain('no such column');
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('zhang.san');
    expect(loggableFailure(err).message).toBe(text);
  });

  it("drops what JSON.parse quotes of its input", () => {
    let err: unknown;
    try {
      JSON.parse('{"phone":"13812345678"');
    } catch (e) {
      err = e;
    }
    expect(String((err as Error).message)).toMatch(/JSON/);
    expect(failureText(err)).toBe('SyntaxError');
  });

  it('drops the values a database quotes in its own message, and keeps what failed', async () => {
    const badPath = await failureOf(() => env.DB.prepare('select json_extract(?, ?) as v').bind('{}', '13800138000').first());
    expect(String((badPath as Error).message)).toContain('13800138000');
    expect(failureText(badPath)).toContain('bad JSON path');
    expect(failureText(badPath)).not.toContain('13800138000');
    const quoted = new Error('D1_ERROR: fts5: syntax error near "张三丰": SQLITE_ERROR');
    expect(failureText(quoted)).toBe('Error: D1_ERROR: fts5: syntax error near "…": SQLITE_ERROR');
  });

  it('keeps any other failure by its name and message, cut to 300 characters', () => {
    expect(failureText(new RangeError('x'.repeat(500)))).toBe(`RangeError: ${'x'.repeat(300)}`);
    expect(failureText('a string')).toBe('non-error thrown');
  });
});
