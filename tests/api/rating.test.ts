/**
 * Rating a reply through the API: once replied, with an optional comment (at most
 * 500 characters), changeable for 24 hours from the first rating, then final;
 * each rating and change is on the timeline, a change in the audit log too.
 * (The confirmation step is the page's: tests/browser/rating.test.ts.)
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../worker/db/client';
import { rateFeedback, RATING_CHANGE_MS } from '../../worker/feedback/rating';
import { call, postJson, randomAddress, seedSample, validFeedback, type ErrorJson } from '../helpers/api';

let db: Db;
beforeAll(async () => {
  db = await seedSample();
});

interface Receipt {
  ref: string;
  queryCode: string;
}

interface View {
  rating: number | null;
  ratingComment: string | null;
  canRate: boolean;
  canChangeRating: boolean;
  ratingChangeBy: number | null;
  timeline: Array<{ type: string; text: string | null }>;
}

/** A feedback the office has replied to. */
async function replied(): Promise<Receipt & { id: number }> {
  const r = (await (await postJson('/api/feedback', validFeedback({ content: '楼道漏水的问题仍未解决。' }))).json()) as Receipt;
  await env.DB.prepare("update feedback set status = 'replied', reply = '已安排维修。', replied_at = 1 where ref = ?").bind(r.ref).run();
  const { id } = (await env.DB.prepare('select id from feedback where ref = ?').bind(r.ref).first<{ id: number }>())!;
  return { ...r, id };
}

const rate = (r: Receipt, body: unknown, code = r.queryCode) =>
  postJson(`/api/feedback/${r.ref}/rating`, body, { 'x-query-code': code, 'cf-connecting-ip': randomAddress() });

const row = (ref: string) =>
  env.DB.prepare('select rating, rating_comment, rated_at, updated_at from feedback where ref = ?').bind(ref).first<{
    rating: number | null;
    rating_comment: string | null;
    rated_at: number | null;
    updated_at: number;
  }>();

const ratedEvents = async (id: number) =>
  (await env.DB.prepare("select text, public from feedback_events where feedback_id = ? and type = 'rated' order by id").bind(id).all<{ text: string; public: number }>())
    .results;

const audits = async (id: number) =>
  (
    await env.DB.prepare("select actor_id, action, before, after from audit_log where target_type = 'feedback' and target_id = ? and action like 'feedback.rating%'")
      .bind(String(id))
      .all<{ actor_id: number | null; action: string; before: string; after: string }>()
  ).results;

describe('POST /api/feedback/:ref/rating', () => {
  it('records the rating and its comment, and answers the feedback as it now is: changeable for 24 hours', async () => {
    const r = await replied();
    const res = await rate(r, { rating: 1, comment: '  只回复了，没有人来修。 ' });
    expect(res.status).toBe(200);
    const view = (await res.json()) as View;
    const stored = (await row(r.ref))!;
    expect(stored).toMatchObject({ rating: 1, rating_comment: '只回复了，没有人来修。' });
    expect(view).toMatchObject({ rating: 1, ratingComment: '只回复了，没有人来修。', canRate: false, canChangeRating: true, ratingChangeBy: stored.rated_at! + 24 * 3_600_000 });
    expect(view.timeline.filter((e) => e.type === 'rated')).toEqual([expect.objectContaining({ text: '不满意' })]);
    expect(await ratedEvents(r.id)).toEqual([{ text: '不满意', public: 1 }]);
    expect(await audits(r.id)).toEqual([]);
  });

  it('changes the rating within the day, keeping the first rating’s time; the timeline and the audit log show the change', async () => {
    const r = await replied();
    expect((await rate(r, { rating: 1, comment: '没有修好' })).status).toBe(200);
    const first = (await row(r.ref))!;

    const changed = await rate(r, { rating: 3 });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ rating: 3, ratingComment: null, canChangeRating: true });
    expect(await row(r.ref)).toMatchObject({ rating: 3, rating_comment: null, rated_at: first.rated_at });
    expect(await ratedEvents(r.id)).toEqual([
      { text: '不满意', public: 1 },
      { text: '满意', public: 1 },
    ]);
    const [entry, ...more] = await audits(r.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actor_id: null, action: 'feedback.rating_change' });
    expect(JSON.parse(entry!.before)).toEqual({ rating: 1, commented: true });
    expect(JSON.parse(entry!.after)).toEqual({ rating: 3, commented: false });

    // The same rating again (a form sent twice) changes nothing and adds nothing.
    expect((await rate(r, { rating: 3 })).status).toBe(200);
    expect(await ratedEvents(r.id)).toHaveLength(2);
    expect(await audits(r.id)).toHaveLength(1);
  });

  it('refuses a change 24 hours after the first rating with 409 and a clear message, writing nothing', async () => {
    const r = await replied();
    expect((await rate(r, { rating: 2 })).status).toBe(200);
    const dayAgo = Date.now() - RATING_CHANGE_MS - 1000;
    await env.DB.prepare('update feedback set rated_at = ? where ref = ?').bind(dayAgo, r.ref).run();
    const before = await row(r.ref);

    const res = await rate(r, { rating: 1, comment: '还是不满意' });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'rating_final', message: '评价已超过 24 小时，不能再修改。如有新的意见，请再提交一条反馈' } });
    expect(await row(r.ref)).toEqual(before);
    expect(await ratedEvents(r.id)).toHaveLength(1);
    const view = (await (await call(`/api/feedback/${r.ref}`, { headers: { 'x-query-code': r.queryCode } })).json()) as View;
    expect(view).toMatchObject({ rating: 2, canRate: false, canChangeRating: false, ratingChangeBy: dayAgo + RATING_CHANGE_MS });
  });

  it('takes a comment of 500 characters and refuses 501 with the comment’s message', async () => {
    const r = await replied();
    const tooLong = await rate(r, { rating: 1, comment: '漏'.repeat(501) });
    expect(tooLong.status).toBe(422);
    expect(((await tooLong.json()) as ErrorJson).error.fields).toEqual({ comment: '评价说明不能超过 500 个字' });
    expect((await row(r.ref))!.rating).toBeNull();
    expect((await rate(r, { rating: 1, comment: '漏'.repeat(500) })).status).toBe(200);
    expect((await row(r.ref))!.rating_comment).toBe('漏'.repeat(500));
  });

  it.each([
    [{ rating: 0 }, { rating: '请选择满意、基本满意或不满意' }],
    [{ rating: 4 }, { rating: '请选择满意、基本满意或不满意' }],
    [{ rating: 1.5 }, { rating: '请选择满意、基本满意或不满意' }],
    [{ rating: '2' }, { rating: '请选择满意、基本满意或不满意' }],
    [{}, { rating: '请选择满意、基本满意或不满意' }],
    [{ rating: 2, comment: 42 }, { comment: '评价说明不能超过 500 个字' }],
  ])('refuses %j with a message for the field, writing nothing', async (body, fields) => {
    const r = await replied();
    const res = await rate(r, body);
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorJson).error).toMatchObject({ code: 'validation_failed', fields });
    expect((await row(r.ref))!.rating).toBeNull();
  });

  it('answers a wrong code as an unknown reference (404, with the tries left), writing nothing', async () => {
    const r = await replied();
    const res = await rate(r, { rating: 3 }, 'AAAA-BBBB-CCCC');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'feedback_not_found', message: '找不到这条反馈：请核对编号和查询码', triesLeft: 9, resetAfter: 3600 } });
    expect((await row(r.ref))!.rating).toBeNull();
  });

  it('of parallel ratings, one is the first and each other is a change: the timeline ends with the rating kept', async () => {
    const r = await replied();
    const results = await Promise.all([1, 2, 3, 2, 1].map((rating) => rate(r, { rating })));
    expect(results.map((x) => x.status)).toEqual([200, 200, 200, 200, 200]);
    const events = await ratedEvents(r.id);
    const labels = { 1: '不满意', 2: '基本满意', 3: '满意' } as const;
    expect(events.at(-1)!.text).toBe(labels[(await row(r.ref))!.rating as 1 | 2 | 3]);
    expect(await audits(r.id)).toHaveLength(events.length - 1);
  });
});

describe('rateFeedback, by the clock it is given', () => {
  it('allows a change until 24 hours after the first rating, not at 24 hours', async () => {
    const r = await replied();
    const t = Date.now();
    expect(await rateFeedback(db, r.id, { rating: 2, comment: null }, t)).toEqual({ ok: true, change: 'rated' });
    expect(await rateFeedback(db, r.id, { rating: 1, comment: '后来又漏水了' }, t + RATING_CHANGE_MS - 1)).toEqual({ ok: true, change: 'changed' });
    expect(await rateFeedback(db, r.id, { rating: 3, comment: null }, t + RATING_CHANGE_MS)).toEqual({ ok: false, reason: 'final' });
    expect(await row(r.ref)).toMatchObject({ rating: 1, rating_comment: '后来又漏水了', rated_at: t });
  });

  it('refuses to rate what has not been replied to, or has been reopened since', async () => {
    const r = await replied();
    await env.DB.prepare("update feedback set status = 'in_progress' where id = ?").bind(r.id).run();
    expect(await rateFeedback(db, r.id, { rating: 3, comment: null }, Date.now())).toEqual({ ok: false, reason: 'not_rateable' });
    expect(await ratedEvents(r.id)).toEqual([]);
  });
});

describe('a rating in the staff inbox', () => {
  it('shows on the feedback’s row, so that 不满意 is seen without opening it', async () => {
    const { signedIn, staff } = await import('../staff/helpers');
    const admin = await signedIn('admin');
    const unhappy = await replied();
    const happy = await replied();
    expect((await rate(unhappy, { rating: 1, comment: '答复没有解决问题。' })).status).toBe(200);
    expect((await rate(happy, { rating: 3 })).status).toBe(200);
    const unrated = await replied();
    const rowOf = async (ref: string) => {
      const res = await staff(`/feedback?q=${ref}`, { cookie: admin.cookie });
      return ((await res.json()) as { feedback: Array<{ ref: string; rating: number | null }> }).feedback.find((f) => f.ref === ref);
    };
    expect((await rowOf(unhappy.ref))?.rating).toBe(1);
    expect((await rowOf(happy.ref))?.rating).toBe(3);
    expect((await rowOf(unrated.ref))?.rating).toBeNull();
  });
});
