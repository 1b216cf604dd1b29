/**
 * The tracking page without scripts: POST /track and POST /track/rating take the
 * reference and query code as form fields and answer with a page. The limiter is the
 * API's (10 wrong codes per reference and client an hour), and each failure says
 * how many tries are left and whom to call, the same for a wrong code as for an
 * unknown reference.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactsFor } from '../../worker/feedback/contact-help';
import { sqlLimiter } from '../../worker/db/rate-limits';
import type { Db } from '../../worker/db/client';
import { HOUR_MS } from '../../worker/lib/limiter';
import { call, postJson, randomAddress, seedSample, validFeedback } from '../helpers/api';
import { reviewLastDay } from '../../worker/feedback/after-reply-rules';
import { longDate } from '../../worker/feedback/deadlines';
import { trackMessages } from '../../worker/track-messages';

let db: Db;
beforeAll(async () => {
  db = await seedSample();
});

interface Receipt {
  ref: string;
  queryCode: string;
}

const PHONE = '0755-25772603';
const ISSUER = '中共深圳市罗湖区东晓街道工作委员会';

async function submit(content = '社区宣传栏的内容仍然没有更新。'): Promise<Receipt> {
  return (await (await postJson('/api/feedback', validFeedback({ content }))).json()) as Receipt;
}

function postForm(path: string, fields: Record<string, string>, client = randomAddress()) {
  return call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': client },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/** The page's text, without its tags and embedded data, as a person reads it. */
function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
}

function pageData(html: string): { page: string; track?: Record<string, unknown> } {
  return JSON.parse(/<script id="page-data" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!) as { page: string; track?: Record<string, unknown> };
}

/** Every address in the page: links, form actions, sources. */
const addresses = (html: string) => [...html.matchAll(/\b(?:href|action|src)="([^"]*)"/g)].map((m) => m[1]!);

describe('GET /track', () => {
  it('is a form that posts the reference and the code to /track, with the offices’ phones for a lost code', async () => {
    const res = await call('/track');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<form method="post" action="\/track">/);
    expect(html).toMatch(/<input id="field-ref" name="ref"/);
    expect(html).toMatch(/<input id="field-code" name="code"/);
    expect(pageData(html)).toEqual({ page: 'track', back: '/track', track: { contacts: [{ refPrefix: 'DX', issuer: ISSUER, phone: PHONE }] } });
  });
});

describe('POST /track', () => {
  it('answers with the result page; the code is in no address and no Location', async () => {
    const r = await submit('请公开宣传折页重新印刷的数量。');
    const res = await postForm('/track', { ref: ` ${r.ref.toLowerCase()} `, code: r.queryCode.toLowerCase() });
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    const html = await res.text();
    const text = textOf(html);
    expect(text).toContain(`${r.ref}：待受理`);
    expect(text).toContain('请公开宣传折页重新印刷的数量。');
    expect(text).toContain('收到您的反馈');
    expect(html).toContain('<title>查询反馈 - 整改监督</title>');
    expect(pageData(html).track).toMatchObject({ result: { ref: r.ref, status: 'new' } });
    expect(addresses(html).filter((a) => a.toUpperCase().includes(r.queryCode))).toEqual([]);
  });

  it('shows the form again with a message for each field left blank (422)', async () => {
    const res = await postForm('/track', { ref: '', code: '  ' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<title>错误：查询反馈 - 整改监督</title>');
    const text = textOf(html);
    expect(text).toContain('请修改以下问题');
    expect(text).toContain('请填写反馈编号');
    expect(text).toContain('请填写查询码');
    expect(html).toContain('href="#field-ref"');
    expect(html).toContain('href="#field-code"');
  });

  it('says, for a wrong code, how many tries are left this hour and whom to call', async () => {
    const r = await submit();
    const res = await postForm('/track', { ref: r.ref, code: 'AAAA-BBBB-CCCC' });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('<title>错误：查询反馈 - 整改监督</title>');
    const text = textOf(html);
    expect(text).toContain('找不到这条反馈：请核对编号和查询码');
    expect(text).toContain('本小时内还可以再试 9 次');
    expect(text).toContain(`忘记查询码？请致电${ISSUER} ${PHONE}`);
    expect(html).toContain('href="tel:075525772603"');
    expect(text).not.toContain('收到您的反馈');
  });

  it('answers an unknown reference and a wrong code with the same page, but for what was typed', async () => {
    const r = await submit();
    const pages = await Promise.all(
      [
        { ref: r.ref, code: 'AAAA-BBBB-CCCC' },
        { ref: 'DX-2611-2222', code: 'AAAA-BBBB-CCCC' },
      ].map(async (typed) => {
        const res = await postForm('/track', typed);
        return { status: res.status, html: (await res.text()).replaceAll(typed.ref, 'REF') };
      }),
    );
    expect(pages[0]!.status).toBe(404);
    expect(pages[1]!.status).toBe(404);
    expect(pages[1]!.html).toBe(pages[0]!.html);
  });

  it('gives the phone for a reference whose prefix no notice has, and for one that is not a reference at all', async () => {
    for (const ref of ['ZZ-2611-2222', '我的编号']) {
      const text = textOf(await (await postForm('/track', { ref, code: 'AAAA' })).text());
      expect(text).toContain('本小时内还可以再试 9 次');
      expect(text).toContain(`忘记查询码？请致电${ISSUER} ${PHONE}`);
    }
  });

  it('counts exactly 10 wrong codes per reference and client an hour, with the API’s look-ups, then 429 with Retry-After', async () => {
    const r = await submit();
    const client = randomAddress();
    for (let i = 0; i < 4; i++) {
      const res = await call(`/api/feedback/${r.ref}`, { headers: { 'cf-connecting-ip': client, 'x-query-code': 'WRONG' } });
      expect(((await res.json()) as { error: { triesLeft: number } }).error.triesLeft).toBe(9 - i);
    }
    for (let left = 5; left >= 0; left--) {
      const text = textOf(await (await postForm('/track', { ref: r.ref, code: 'WRONG' }, client)).text());
      expect(text).toContain(left > 0 ? `本小时内还可以再试 ${left} 次` : '查询失败次数已达上限，请 1 小时后再试');
    }
    const locked = await postForm('/track', { ref: r.ref, code: r.queryCode }, client);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(3500);
    const text = textOf(await locked.text());
    expect(text).toContain('查询失败次数过多，请 1 小时后再试；请核对编号和查询码');
    expect(text).toContain(`忘记查询码？请致电${ISSUER} ${PHONE}`);
    // Never the owner elsewhere.
    expect((await postForm('/track', { ref: r.ref, code: r.queryCode })).status).toBe(200);
  });

  it('holds under parallel guesses: of 25 at once from one client, 10 are checked', { timeout: 30_000 }, async () => {
    const r = await submit();
    const client = randomAddress();
    const statuses = (await Promise.all(Array.from({ length: 25 }, (_, i) => postForm('/track', { ref: r.ref, code: `GUESS-${i}` }, client)))).map((x) => x.status);
    expect(statuses.filter((s) => s === 404)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('refuses a body over 16 KB with 413, reading no further', async () => {
    const res = await postForm('/track', { ref: 'DX-2611-2222', code: 'A'.repeat(20_000) });
    expect(res.status).toBe(413);
    expect(textOf(await res.text())).toContain('提交的内容过大，请删减后重试');
  });
});

describe('POST /track/rating', () => {
  async function replied(): Promise<Receipt> {
    const r = await submit('楼道漏水的问题仍未解决。');
    await env.DB.prepare("update feedback set status = 'replied', reply = '已安排维修。', replied_at = 1 where ref = ?").bind(r.ref).run();
    return r;
  }
  const stored = (ref: string) => env.DB.prepare('select rating, rating_comment from feedback where ref = ?').bind(ref).first();

  it('asks to confirm a choice, with 为什么 after 不满意, and records the rating only once confirmed', async () => {
    const r = await replied();
    const keys = { ref: r.ref, code: r.queryCode };

    const asked = await postForm('/track/rating', { ...keys, rating: '1' });
    expect(asked.status).toBe(200);
    const askedHtml = await asked.text();
    expect(textOf(askedHtml)).toContain('确认评价：不满意？');
    expect(textOf(askedHtml)).toContain('为什么不满意？（选填）');
    expect(askedHtml).toMatch(/<textarea id="field-comment" name="comment"/);
    expect(await stored(r.ref)).toEqual({ rating: null, rating_comment: null });

    const again = textOf(await (await postForm('/track/rating', { ...keys, rating: '1', confirm: 'no' })).text());
    expect(again).toContain('您对答复满意吗？');
    expect(again).not.toContain('确认评价');

    const long = await postForm('/track/rating', { ...keys, rating: '1', comment: '漏'.repeat(501), confirm: 'yes' });
    expect(long.status).toBe(422);
    expect(textOf(await long.text())).toContain('评价说明不能超过 500 个字');

    const done = await postForm('/track/rating', { ...keys, rating: '1', comment: '没有人来修', confirm: 'yes' });
    expect(done.status).toBe(200);
    const text = textOf(await done.text());
    expect(text).toContain('已记录您的评价');
    expect(text).toContain('您的评价：不满意');
    expect(text).toContain('原因：没有人来修');
    expect(text).toContain('修改评价');
    expect(text).toContain('您评价了答复：不满意');
    expect(await stored(r.ref)).toEqual({ rating: 1, rating_comment: '没有人来修' });

    const changed = textOf(await (await postForm('/track/rating', { ...keys, rating: '3', confirm: 'yes' })).text());
    expect(changed).toContain('已修改您的评价');
    expect(changed).toContain('您修改了评价：满意');
    expect(await stored(r.ref)).toEqual({ rating: 3, rating_comment: null });
  });

  it('says under a 不满意 that a rating reopens nothing, and points to 请求复查 with its last day while it is open', async () => {
    const r = await submit('楼道灯还是不亮。');
    const repliedAt = Date.now();
    await env.DB.prepare("update feedback set status = 'replied', reply = '已安排维修。', replied_at = ? where ref = ?").bind(repliedAt, r.ref).run();
    const done = await postForm('/track/rating', { ref: r.ref, code: r.queryCode, rating: '1', confirm: 'yes' });
    expect(done.status).toBe(200);
    const html = await done.text();
    expect(textOf(html)).toContain(`已记录您的评价${trackMessages.ratingIsNotReview}${trackMessages.reviewToReopen(longDate(reviewLastDay(repliedAt)))} ${trackMessages.goToReview}`);
    // Without scripts the link is the page's own jump to the review's reason field (its box opens for it).
    expect(html).toContain(`<a href="#field-reason">${trackMessages.goToReview}</a>`);
    expect(html).toMatch(/<textarea id="field-reason" name="reason"/);
    expect(textOf(html)).not.toContain(trackMessages.callToReopen);

    // 满意 says none of it.
    const content = textOf(await (await postForm('/track/rating', { ref: r.ref, code: r.queryCode, rating: '3', confirm: 'yes' })).text());
    expect(content).toContain('已修改您的评价');
    expect(content).not.toContain(trackMessages.ratingIsNotReview);
  });

  it('says under a 不满意 given after the review’s last day that the period has passed, and whom to call', async () => {
    const r = await replied();
    const done = await postForm('/track/rating', { ref: r.ref, code: r.queryCode, rating: '1', comment: '没有人来修', confirm: 'yes' });
    expect(done.status).toBe(200);
    const html = await done.text();
    const text = textOf(html);
    expect(text).toContain(`${trackMessages.ratingIsNotReview}${trackMessages.reviewPassed(longDate(reviewLastDay(1)))}`);
    expect(text).toContain(`${trackMessages.callToReopen}${ISSUER} ${PHONE}`);
    expect(html).toContain(`<a href="tel:075525772603">${PHONE}</a>`);
    expect(text).not.toContain(trackMessages.goToReview);
  });

  it('refuses a rating out of range with the field’s message, and a wrong code as /track does', async () => {
    const r = await replied();
    const bad = await postForm('/track/rating', { ref: r.ref, code: r.queryCode, rating: '9', confirm: 'yes' });
    expect(bad.status).toBe(422);
    expect(textOf(await bad.text())).toContain('请选择满意、基本满意或不满意');
    const wrong = await postForm('/track/rating', { ref: r.ref, code: 'AAAA-BBBB-CCCC', rating: '3', confirm: 'yes' });
    expect(wrong.status).toBe(404);
    expect(textOf(await wrong.text())).toContain('本小时内还可以再试 9 次');
    expect(await stored(r.ref)).toEqual({ rating: null, rating_comment: null });
  });
});

describe('hostile input to the tracking forms', () => {
  const nasty = ['\u0000\u0007\u001b[31m', '\u202Eevil\u202C', '\uD800', "'; drop table feedback; --", '<script>alert(1)</script>', '%00%ff', 'x'.repeat(5000), '𠀀😀'];

  it('never answers 500, and never echoes markup unescaped, whatever is in the fields or the body', { timeout: 30_000 }, async () => {
    const r = await submit();
    for (const value of nasty) {
      for (const [path, fields] of [
        ['/track', { ref: value, code: value }],
        ['/track', { ref: r.ref, code: value }],
        ['/track/rating', { ref: r.ref, code: r.queryCode, rating: value, comment: value, confirm: 'yes' }],
        ['/track/rating', { ref: r.ref, code: r.queryCode, rating: '1', comment: value }],
      ] as const) {
        const res = await postForm(path, fields);
        expect(res.status).toBeLessThan(500);
        expect(await res.text()).not.toContain('<script>alert(1)</script>');
      }
    }
    for (const [type, body] of [
      ['application/json', '{"ref":"DX-2611-2222"}'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="ref"\r\n\r\nDX\r\n--x--'],
      ['multipart/form-data', 'garbage'],
      ['application/x-www-form-urlencoded', '%E4%B8&ref=%&code'],
      ['text/plain', '\uFEFF'],
    ]) {
      const res = await call('/track', { method: 'POST', headers: { 'content-type': type!, 'cf-connecting-ip': randomAddress() }, body });
      expect(res.status).toBeLessThan(500);
    }
  });
});

describe('whom to call about a lost code', () => {
  const dx = { refPrefix: 'DX', issuer: '东晓', phone: '0755-1' };
  const lh = { refPrefix: 'LH', issuer: '罗湖', phone: '0755-2' };
  it('names the office of the notice the prefix names, else every notice’s (each number once, at most 3)', () => {
    expect(contactsFor(' lh-2611-2222', [dx, lh])).toEqual([lh]);
    expect(contactsFor('ZZ-2611-2222', [dx, lh, { ...lh, refPrefix: 'LX' }])).toEqual([dx, lh]);
    const many = ['A', 'B', 'C', 'D'].map((p, i) => ({ refPrefix: `${p}A`, issuer: p, phone: String(i) }));
    expect(contactsFor('', many)).toHaveLength(3);
  });
});

describe('the SQL limiter, counting what is left', () => {
  it('reports the hits left under the fullest rule and when its window ends, and takes a hit back', async () => {
    const limiter = sqlLimiter(db);
    const t = 1_000_000_000_000;
    const tight = { key: `unit:${crypto.randomUUID()}`, limit: 2, windowMs: HOUR_MS };
    const loose = { key: `unit:${crypto.randomUUID()}`, limit: 5, windowMs: 60_000 };
    expect(await limiter.takeCounted([tight, loose], t)).toEqual({ ok: true, remaining: 1, resetAfterMs: HOUR_MS });
    expect(await limiter.takeCounted([tight, loose], t + 1000)).toEqual({ ok: true, remaining: 0, resetAfterMs: HOUR_MS - 1000 });
    expect(await limiter.takeCounted([tight, loose], t + 2000)).toEqual({ ok: false, retryAfterMs: HOUR_MS - 2000 });
    await limiter.giveBack([tight, loose], t + 3000);
    await limiter.giveBack([tight, loose], t + 3000);
    expect(await limiter.takeCounted([tight, loose], t + 4000)).toEqual({ ok: true, remaining: 0, resetAfterMs: HOUR_MS - 4000 });
  });
});
