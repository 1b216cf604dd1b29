/**
 * After a reply, the submitter may add a follow-up (补充说明) and ask for a review (请求复查)
 * within 30 days of the reply (信访工作条例 第三十五条), once; both through the API (the code
 * in X-Query-Code) and through the tracking page's forms without scripts. Either flags the
 * feedback for staff with its own deadline and puts a public event on the timeline.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../worker/feedback/deadlines';
import { call, postJson, randomAddress, seedSample, validFeedback, type ErrorJson } from '../helpers/api';

const DAY = 86_400_000;

beforeAll(async () => {
  await seedSample();
});

interface Receipt {
  ref: string;
  queryCode: string;
  id: number;
}

interface View {
  canFollowUp: boolean;
  review: { state: string; lastDay?: string; at?: number };
  attention: { kind: string; at: number; by: string } | null;
  timeline: Array<{ type: string; text: string | null }>;
}

/** A feedback the office replied to `daysAgo` days ago (by the clock: the reply's instant is written into the row). */
async function replied(daysAgo = 0): Promise<Receipt> {
  const r = (await (await postJson('/api/feedback', validFeedback({ content: '小区门口的路灯还是不亮。' }))).json()) as Receipt;
  const at = Date.now() - daysAgo * DAY;
  await env.DB.prepare("update feedback set status = 'replied', reply = '已安排维修。', replied_at = ? where ref = ?").bind(at, r.ref).run();
  const { id } = (await env.DB.prepare('select id from feedback where ref = ?').bind(r.ref).first<{ id: number }>())!;
  return { ...r, id };
}

const send = (r: Receipt, what: 'follow-up' | 'review', body: unknown, code = r.queryCode, client = randomAddress()) =>
  postJson(`/api/feedback/${r.ref}/${what}`, body, { 'x-query-code': code, 'cf-connecting-ip': client });

const flag = (ref: string) =>
  env.DB.prepare('select attention, attention_at, attention_by, review_requested_at, updated_at from feedback where ref = ?').bind(ref).first<{
    attention: string | null; attention_at: number | null; attention_by: string | null; review_requested_at: number | null; updated_at: number;
  }>();

const events = async (id: number) =>
  (await env.DB.prepare("select type, text, public from feedback_events where feedback_id = ? and type in ('follow_up', 'review_request') order by id").bind(id).all()).results;

const today = () => shanghaiDate(Date.now());

describe('POST /api/feedback/:ref/follow-up', () => {
  it('records the follow-up on the public timeline and flags the feedback for staff, answered within ACKNOWLEDGE_DAYS (15)', async () => {
    const r = await replied();
    const res = await send(r, 'follow-up', { text: '  路灯修了两天又坏了。 ' });
    expect(res.status).toBe(201);
    const view = (await res.json()) as View;
    expect(view.attention).toMatchObject({ kind: 'follow_up', by: addDays(today(), 15) });
    expect(view.timeline.at(-1)).toEqual(expect.objectContaining({ type: 'follow_up', text: '路灯修了两天又坏了。' }));
    expect(await flag(r.ref)).toMatchObject({ attention: 'follow_up', attention_by: addDays(today(), 15), review_requested_at: null });
    expect(await events(r.id)).toEqual([{ type: 'follow_up', text: '路灯修了两天又坏了。', public: 1 }]);
  });

  it('keeps the first follow-up’s deadline while it is unanswered, and takes one after 30 days too (no statutory period)', async () => {
    const r = await replied(40);
    expect((await send(r, 'follow-up', { text: '第一次补充：还是不亮。' })).status).toBe(201);
    const first = (await flag(r.ref))!;
    await env.DB.prepare('update feedback set attention_at = attention_at - ?, attention_by = ? where ref = ?').bind(3 * DAY, addDays(today(), 12), r.ref).run();
    expect((await send(r, 'follow-up', { text: '第二次补充：今晚也不亮。' })).status).toBe(201);
    expect(await flag(r.ref)).toMatchObject({ attention: 'follow_up', attention_at: first.attention_at! - 3 * DAY, attention_by: addDays(today(), 12) });
    expect(await events(r.id)).toHaveLength(2);
  });

  it('refuses text that is blank, too short, too long or unprintable with a message for the field, writing nothing', async () => {
    const r = await replied();
    const cases: Array<[unknown, string]> = [
      [{ text: '   ' }, '请填写补充说明'],
      [{ text: '不亮' }, '补充说明至少需要 5 个字'],
      [{ text: '亮'.repeat(2001) }, '补充说明不能超过 2000 个字，请删减后再提交'],
      [{ text: '路灯\u0000还是不亮' }, '补充说明含有无法识别的字符，请删除后再提交'],
      [{ text: 42 }, '请填写补充说明'],
      [{}, '请填写补充说明'],
    ];
    for (const [body, message] of cases) {
      const res = await send(r, 'follow-up', body);
      expect(res.status).toBe(422);
      expect(((await res.json()) as ErrorJson).error.fields).toEqual({ text: message });
    }
    expect((await send(r, 'follow-up', { text: '亮'.repeat(2000) })).status).toBe(201);
    expect(await events(r.id)).toHaveLength(1);
  });

  it('refuses an eleventh follow-up: a new matter belongs in a new feedback', async () => {
    const r = await replied();
    for (let i = 0; i < 10; i++) {
      await env.DB.prepare("insert into feedback_events (feedback_id, at, type, public, text) values (?, ?, 'follow_up', 1, '补充')").bind(r.id, Date.now()).run();
    }
    const res = await send(r, 'follow-up', { text: '第十一次补充说明。' });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'too_many_follow_ups', message: '补充说明已达上限。如有新的问题，请提交一条新的反馈' } });
    expect(await flag(r.ref)).toMatchObject({ attention: null });
  });

  it('refuses before a reply (409), and a wrong code as an unknown reference (404, tries left), writing nothing', async () => {
    const r = (await (await postJson('/api/feedback', validFeedback())).json()) as Receipt;
    const early = await send({ ...r, id: 0 }, 'follow-up', { text: '什么时候答复？请尽快。' });
    expect(early.status).toBe(409);
    expect(await early.json()).toEqual({ error: { code: 'not_replied', message: '这条反馈还没有答复：收到答复后才能补充说明或请求复查' } });

    const done = await replied();
    const client = randomAddress();
    const wrong = await send(done, 'follow-up', { text: '路灯还是不亮，请再看看。' }, 'WRONG-CODE', client);
    expect(wrong.status).toBe(404);
    expect(await wrong.json()).toMatchObject({ error: { code: 'feedback_not_found', triesLeft: 9 } });
    const wrongReview = await send(done, 'review', { reason: '答复没有解决问题。' }, 'WRONG-CODE', client);
    expect(await wrongReview.json()).toMatchObject({ error: { code: 'feedback_not_found', triesLeft: 8 } });
    expect(await flag(done.ref)).toMatchObject({ attention: null, review_requested_at: null });
  });
});

describe('POST /api/feedback/:ref/review', () => {
  it('takes a review request on the 30th day after the reply, once: flagged for staff with 30 days to answer (第三十五条)', async () => {
    const r = await replied(30);
    const before = (await (await call(`/api/feedback/${r.ref}`, { headers: { 'x-query-code': r.queryCode } })).json()) as View;
    expect(before.review).toEqual({ state: 'open', lastDay: today() });

    const res = await send(r, 'review', { reason: '维修后路灯仍然不亮，答复与事实不符。' });
    expect(res.status).toBe(201);
    const view = (await res.json()) as View;
    expect(view.review).toMatchObject({ state: 'requested' });
    expect(view.attention).toMatchObject({ kind: 'review', by: addDays(today(), 30) });
    const row = (await flag(r.ref))!;
    expect(row).toMatchObject({ attention: 'review', attention_by: addDays(today(), 30) });
    expect(row.review_requested_at).toBe(row.attention_at);
    expect(await events(r.id)).toEqual([{ type: 'review_request', text: '维修后路灯仍然不亮，答复与事实不符。', public: 1 }]);

    const again = await send(r, 'review', { reason: '再次请求复查这条反馈。' });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: { code: 'review_already_requested', message: '这条反馈已经请求过复查。每条反馈只能请求一次复查' } });
    expect(await events(r.id)).toHaveLength(1);
  });

  it('refuses on the 31st day with the reason and the last day, and the view says why it is no longer offered', async () => {
    const r = await replied(31);
    const lastDay = addDays(today(), -1);
    const [y, m, d] = lastDay.split('-').map(Number);
    const res = await send(r, 'review', { reason: '答复没有解决我反映的问题。' });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: { code: 'review_expired', message: `请求复查的期限已过：应在收到答复之日起 30 日内（${y}年${m}月${d}日 前）提出（《信访工作条例》第三十五条）` },
    });
    expect(await flag(r.ref)).toMatchObject({ attention: null, review_requested_at: null });
    const view = (await (await call(`/api/feedback/${r.ref}`, { headers: { 'x-query-code': r.queryCode } })).json()) as View;
    expect(view).toMatchObject({ review: { state: 'expired', lastDay }, canFollowUp: true });
  });

  it('replaces a pending follow-up’s flag and deadline; a later follow-up leaves the review’s', async () => {
    const r = await replied(5);
    await send(r, 'follow-up', { text: '补充一下：路灯编号 17。' });
    expect((await send(r, 'review', { reason: '答复说修好了，其实没有。' })).status).toBe(201);
    expect(await flag(r.ref)).toMatchObject({ attention: 'review', attention_by: addDays(today(), 30) });
    await send(r, 'follow-up', { text: '再补充：照片已拍好。' });
    expect(await flag(r.ref)).toMatchObject({ attention: 'review', attention_by: addDays(today(), 30) });
  });

  it('asks for the reason by name', async () => {
    const r = await replied();
    const res = await send(r, 'review', { reason: '' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorJson).error.fields).toEqual({ reason: '请填写请求复查的理由' });
  });
});

function postForm(path: string, fields: Record<string, string>) {
  return call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': randomAddress() },
    body: new URLSearchParams(fields).toString(),
  });
}

const textOf = (html: string) =>
  html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, '').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

describe('the tracking page without scripts', () => {
  it('shows both forms after a reply, posting to /track/follow-up and /track/review with the code in the body', async () => {
    const r = await replied(2);
    const html = await (await postForm('/track', { ref: r.ref, code: r.queryCode })).text();
    expect(html).toContain('action="/track/follow-up"');
    expect(html).toContain('action="/track/review"');
    expect(html).toMatch(/name="text"/);
    expect(html).toMatch(/name="reason"/);
    expect(textOf(html)).toContain('收到答复之日起 30 日内');
  });

  it('records a follow-up and a review request, each once, and shows them in 办理记录', async () => {
    const r = await replied(2);
    const keys = { ref: r.ref, code: r.queryCode };
    const short = await postForm('/track/follow-up', { ...keys, text: '不亮' });
    expect(short.status).toBe(422);
    const shortText = textOf(await short.text());
    expect(shortText).toContain('补充说明至少需要 5 个字');
    expect(await events(r.id)).toEqual([]);

    const ok = await postForm('/track/follow-up', { ...keys, text: '路灯 17 号还是不亮。' });
    expect(ok.status).toBe(200);
    const okText = textOf(await ok.text());
    expect(okText).toContain('已收到您的补充说明');
    expect(okText).toContain('您补充说明');
    expect(okText).toContain('路灯 17 号还是不亮。');

    const review = await postForm('/track/review', { ...keys, reason: '答复与事实不符，请复查。' });
    expect(review.status).toBe(200);
    const reviewText = textOf(await review.text());
    expect(reviewText).toContain('已收到您的复查请求');
    expect(reviewText).toContain('您已于');
    expect(reviewText).not.toContain('提交复查请求');

    const twice = await postForm('/track/review', { ...keys, reason: '答复与事实不符，请复查。' });
    expect(twice.status).toBe(409);
    expect(textOf(await twice.text())).toContain('这条反馈已经请求过复查');
    expect(await events(r.id)).toHaveLength(2);
    expect(await flag(r.ref)).toMatchObject({ attention: 'review' });
  });

  it('says after 30 days why a review is no longer offered, and keeps the follow-up', async () => {
    const r = await replied(45);
    const html = await (await postForm('/track', { ref: r.ref, code: r.queryCode })).text();
    expect(html).not.toContain('action="/track/review"');
    expect(html).toContain('action="/track/follow-up"');
    expect(textOf(html)).toContain('请求复查的期限已过');
  });

  it('answers a wrong code with the look-up’s page, writing nothing', async () => {
    const r = await replied();
    const res = await postForm('/track/follow-up', { ref: r.ref, code: 'ABCD-EFGH', text: '路灯还是不亮，请再看看。' });
    expect(res.status).toBe(404);
    expect(textOf(await res.text())).toContain('找不到这条反馈：请核对编号和查询码');
    expect(await events(r.id)).toEqual([]);
  });
});
