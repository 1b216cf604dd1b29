/**
 * How many times a public submission goes to the database (issue 15): on its common path, once.
 * The app is the real one (createApp), its database drizzle over this file's D1 (the node project's
 * stand-in on the Node host) through a wrapper that writes down every call that reaches it: a batch,
 * or one statement run alone. Each such call is a round trip to the database's primary in production.
 */
import { env } from 'cloudflare:test';
import { drizzle } from 'drizzle-orm/d1';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/app';
import { drizzleOptions, type Db } from '../../worker/db/client';
import { maxNumberOf, newChallenge, proofKey } from '../../worker/feedback/proof';
import { appSecret } from '../../worker/http/client';
import type { PhotoStore } from '../../worker/ports';
import { itemIdAt, proofHeader, randomAddress, seedSample, validFeedback, type ErrorJson } from '../helpers/api';

/** A D1 database that records each call reaching it ('batch', or the method of a statement run alone). */
function recordingD1(d1: D1Database, calls: string[]): D1Database {
  const underlying = new WeakMap<object, D1PreparedStatement>();
  const wrap = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const recorded = (method: 'first' | 'all' | 'run' | 'raw') => (...args: unknown[]) => {
      calls.push(method);
      return (stmt[method] as (...a: unknown[]) => unknown)(...args);
    };
    const wrapped = { bind: (...values: unknown[]) => wrap(stmt.bind(...values)), first: recorded('first'), all: recorded('all'), run: recorded('run'), raw: recorded('raw') };
    underlying.set(wrapped, stmt);
    return wrapped as unknown as D1PreparedStatement;
  };
  return {
    prepare: (query: string) => wrap(d1.prepare(query)),
    batch: (statements: D1PreparedStatement[]) => {
      calls.push('batch');
      return d1.batch(statements.map((s) => underlying.get(s) ?? s));
    },
    exec: (query: string) => {
      calls.push('exec');
      return d1.exec(query);
    },
  } as unknown as D1Database;
}

const nowhere: PhotoStore = {
  put: async () => {},
  get: async () => null,
  delete: async () => {},
};

/** The app over a recording database, with the clock given (the real one unless a test fixes it). */
function recordedApp(clock: () => number = Date.now) {
  const calls: string[] = [];
  const db: Db = drizzle(recordingD1(env.DB, calls), drizzleOptions) as unknown as Db;
  const app = createApp({ database: () => db, assets: () => undefined, clientAddress: (c) => c.req.header('x-client'), photos: () => nowhere, clock });
  return { app, calls };
}

/** A solved proof for a challenge made at `now` (by the app's clock, which checks it). */
async function proofAt(now: number): Promise<string> {
  return proofHeader(await newChallenge(await proofKey(appSecret(env)), maxNumberOf(env.PROOF_OF_WORK_MAX_NUMBER), now));
}

async function submit(
  app: ReturnType<typeof recordedApp>['app'],
  body: Record<string, unknown>,
  o: { key?: string; client?: string; proof?: string; now?: number; vars?: Record<string, string> } = {},
) {
  return app.request(
    '/api/feedback',
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': o.key ?? crypto.randomUUID(),
        'x-client': o.client ?? randomAddress(),
        'x-proof': o.proof ?? (await proofAt(o.now ?? Date.now())),
      },
      body: JSON.stringify(body),
    },
    { ...env, ...o.vars },
  );
}

/** Runs `send` and returns its answer with the calls it made to the database. */
async function counted(calls: string[], send: () => Promise<Response>): Promise<[Response, string[]]> {
  calls.length = 0;
  const res = await send();
  return [res, [...calls]];
}

const storedRow = (ref: string) =>
  env.DB.prepare(
    `select f.status, f.reply_by, f.reply_by_legal, (select count(*) from feedback_events e where e.feedback_id = f.id) as events,
       (select count(*) from idempotency_keys k where k.feedback_id = f.id) as keys from feedback f where f.ref = ?`,
  )
    .bind(ref)
    .first<{ status: string; reply_by: string; reply_by_legal: string | null; events: number; keys: number }>();

const feedbackCount = async () => (await env.DB.prepare('select count(*) as n from feedback').first<{ n: number }>())!.n;

beforeAll(async () => {
  await seedSample();
});

describe('a public submission and the database', () => {
  it('stores a new submission in one round trip once the notice has been seen, with its event and idempotency record', async () => {
    const { app, calls } = recordedApp();
    expect((await submit(app, validFeedback())).status).toBe(201);

    const [res, made] = await counted(calls, () => submit(app, validFeedback({ itemId: null })));
    expect(res.status).toBe(201);
    expect(made).toEqual(['batch']);
    const { ref } = (await res.json()) as { ref: string };
    expect(await storedRow(ref)).toMatchObject({ status: 'new', events: 1, keys: 1 });
  });

  it('takes two for the first submission to a notice this isolate has not seen: a batch of reads, then the one that writes', async () => {
    const slug = `rt-${crypto.randomUUID().slice(0, 8)}`;
    await env.DB.prepare("insert into notices (slug, title, issuer, ref_prefix, source_text, state) values (?, '往返次数', '测试', 'RT', '正文', 'published')").bind(slug).run();
    const { app, calls } = recordedApp();
    const [res, made] = await counted(calls, () => submit(app, validFeedback({ noticeSlug: slug, itemId: null })));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { ref: string }).ref).toMatch(/^RT-/);
    expect(made).toEqual(['batch', 'batch']);
  });

  it('answers a replay, a conflict, an unknown item and a full client in one round trip each, storing nothing', async () => {
    const { app, calls } = recordedApp();
    const key = crypto.randomUUID();
    const client = randomAddress();
    const vars = { SUBMISSIONS_PER_HOUR: '1' };
    const first = await submit(app, validFeedback(), { key, client, vars });
    expect(first.status).toBe(201);
    const before = await feedbackCount();

    const [replay, replayCalls] = await counted(calls, () => submit(app, validFeedback(), { key, client, vars }));
    expect(replay.status).toBe(201);
    expect(await replay.json()).toEqual(await first.json());
    const [conflict, conflictCalls] = await counted(calls, () => submit(app, validFeedback({ content: '另一条不同的反馈内容。' }), { key, client, vars }));
    expect(conflict.status).toBe(409);
    const [unknown, unknownCalls] = await counted(calls, () => submit(app, validFeedback({ itemId: 999_999 }), { vars }));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorJson).error.code).toBe('item_not_found');
    const [full, fullCalls] = await counted(calls, () => submit(app, validFeedback(), { client, vars }));
    expect(full.status).toBe(429);

    expect([replayCalls, conflictCalls, unknownCalls, fullCalls]).toEqual([['batch'], ['batch'], ['batch'], ['batch']]);
    expect(await feedbackCount()).toBe(before);
  });

  it('tells a replay from a refusal with one read when the proof does not hold', async () => {
    const { app, calls } = recordedApp();
    const key = crypto.randomUUID();
    const first = await submit(app, validFeedback(), { key });
    const [replay, replayCalls] = await counted(calls, () => submit(app, validFeedback(), { key, proof: 'not-a-proof' }));
    expect(replay.status).toBe(201);
    expect(await replay.json()).toEqual(await first.json());
    const [refused, refusedCalls] = await counted(calls, () => submit(app, validFeedback(), { proof: 'not-a-proof' }));
    expect(refused.status).toBe(403);
    expect([replayCalls.length, refusedCalls.length]).toEqual([1, 1]);
  });

  it('uses a calendar year entered after the isolate last read the calendar at once: the batch refuses the stale guess, and the submission is stored with the new legal day', async () => {
    // 2026-12-01 in Shanghai: the reply is due 2027-01-30, a Saturday, in a year the shipped calendar lacks.
    const now = Date.parse('2026-12-01T10:00:00+08:00');
    const { app, calls } = recordedApp(() => now);
    const itemId = await itemIdAt(1, 2, 1);
    const before = await submit(app, validFeedback({ itemId }), { now });
    expect(before.status, await before.clone().text()).toBe(201);
    expect(await storedRow(((await before.json()) as { ref: string }).ref)).toMatchObject({ reply_by: '2027-01-30', reply_by_legal: null });

    await env.DB.batch([
      env.DB.prepare("insert into calendar_years (year, source, added_at) values (2027, '国务院办公厅通知（测试）', ?)").bind(Date.now()),
      env.DB.prepare("insert into calendar_days (day, year, kind, name) values ('2027-01-01', 2027, 'off', '元旦')"),
    ]);
    const [after, made] = await counted(calls, () => submit(app, validFeedback({ itemId }), { now }));
    expect(after.status, await after.clone().text()).toBe(201);
    // Known now: the Saturday and Sunday are rest days, so the legal last day is Monday 1 February.
    expect(await storedRow(((await after.json()) as { ref: string }).ref)).toMatchObject({ reply_by: '2027-01-30', reply_by_legal: '2027-02-01' });
    expect(made).toEqual(['batch', 'batch', 'batch']);
    await env.DB.batch([env.DB.prepare('delete from calendar_days where year = 2027'), env.DB.prepare('delete from calendar_years where year = 2027')]);
  });
});
