import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, postJson, randomAddress, seedSample, validFeedback, type ErrorJson } from '../helpers/api';

interface Receipt {
  ref: string;
  queryCode: string;
}

async function submit(): Promise<Receipt> {
  return (await (await postJson('/api/feedback', validFeedback({ content: '请公开宣传折页重新印刷的数量。' }))).json()) as Receipt;
}

/** Looks up from `client` (by default a client of its own: the limits are per client; tests/api/limits.test.ts tests them). */
function track(ref: string, code?: string, client = randomAddress()) {
  return call(`/api/feedback/${encodeURIComponent(ref)}`, {
    headers: { 'cf-connecting-ip': client, ...(code === undefined ? {} : { 'x-query-code': code }) },
  });
}

beforeAll(async () => {
  await seedSample();
});

describe('GET /api/feedback/:ref', () => {
  it('shows the status, the content and the public timeline to whoever has the query code', async () => {
    const r = await submit();
    const res = await track(r.ref, r.queryCode);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ref: r.ref, status: 'new', content: '请公开宣传折页重新印刷的数量。', reply: null, item: null });
    expect(body.timeline).toEqual([expect.objectContaining({ type: 'submitted', toStatus: 'new' })]);
    expect(body).not.toHaveProperty('name');
    expect(body).not.toHaveProperty('phone');
  });

  it('accepts the code as people type it: lower case, without dashes, O for 0', async () => {
    const r = await submit();
    const typed = r.queryCode.replace(/-/g, ' ').toLowerCase().replace(/0/g, 'o');
    expect((await track(r.ref.toLowerCase(), typed)).status).toBe(200);
  });

  it('answers a wrong or missing code exactly as it answers an unknown reference', async () => {
    const r = await submit();
    const wrong = await track(r.ref, 'AAAA-BBBB-CCCC');
    const missing = await track(r.ref);
    const unknown = await track('DX-2611-2222', 'AAAA-BBBB-CCCC');
    const bodies = await Promise.all([wrong, missing, unknown].map((x) => x.text()));
    expect([wrong.status, missing.status, unknown.status]).toEqual([404, 404, 404]);
    expect(new Set(bodies).size).toBe(1);
    // Each asked from a client of its own: the first failure of the hour, 9 tries left (tests/api/track-page.test.ts counts on).
    expect(JSON.parse(bodies[0]!) as ErrorJson).toEqual({
      error: { code: 'feedback_not_found', message: '找不到这条反馈：请核对编号和查询码', triesLeft: 9, resetAfter: 3600 },
    });
  });
});

describe('POST /api/feedback/:ref/rating', () => {
  it('refuses a rating before there is a reply', async () => {
    const r = await submit();
    const row = () => env.DB.prepare('select rating, rating_comment, rated_at, updated_at from feedback where ref = ?').bind(r.ref).first();
    const before = await row();
    const res = await postJson(`/api/feedback/${r.ref}/rating`, { rating: 3, comment: '还没有答复' }, { 'x-query-code': r.queryCode });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'cannot_rate', message: '这条反馈目前不能评价：收到答复后才能评价' } });
    expect(await row()).toEqual({ rating: null, rating_comment: null, rated_at: null, updated_at: before!.updated_at });
    const rated = await env.DB.prepare("select count(*) as n from feedback_events e join feedback f on f.id = e.feedback_id where f.ref = ? and e.type = 'rated'").bind(r.ref).first();
    expect(rated).toEqual({ n: 0 });
  });

  it('records a rating once the feedback has been replied to (changing it is tests/api/rating.test.ts)', async () => {
    const r = await submit();
    await env.DB.prepare("update feedback set status = 'replied', reply = '已核实并整改。', replied_at = 1 where ref = ?").bind(r.ref).run();
    const ok = await postJson(`/api/feedback/${r.ref}/rating`, { rating: 2, comment: '基本解决' }, { 'x-query-code': r.queryCode });
    expect(ok.status).toBe(200);
    const view = (await (await track(r.ref, r.queryCode)).json()) as { rating: number; canRate: boolean; canChangeRating: boolean; reply: string };
    expect(view).toMatchObject({ rating: 2, canRate: false, canChangeRating: true, reply: '已核实并整改。' });
  });

  it('refuses a rating outside 1 to 3 with 422', async () => {
    const r = await submit();
    const res = await postJson(`/api/feedback/${r.ref}/rating`, { rating: 9 }, { 'x-query-code': r.queryCode });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorJson).error.fields).toEqual({ rating: '请选择满意、基本满意或不满意' });
  });
});
