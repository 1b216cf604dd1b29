/**
 * The feedback form sent without scripts (POST /n/:slug/feedback, form-encoded):
 * the API's rules and messages, one feedback per Idempotency-Key, the form again
 * with what was typed when something is wrong, a stricter limit instead of the
 * proof of work, and no cross-site submissions. Also the public page's disputed
 * items, counted by the staff's rule.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NoticeView } from '../../worker/db/notices';
import { formNoticeOf } from '../../web/public/lib/notice-items';
import type { FormNotice } from '../../web/public/page-data';
import { noticeItemRows } from '../../worker/db/staff-items';
import { fingerprint } from '../../worker/http/client';
import { errorMessages, fieldMessages } from '../../worker/messages';
import { DISMISSED_STATUSES, itemsView } from '../../worker/staff/items';
import type { Db } from '../../worker/db/client';
import { call, itemIdAt, postJson, randomAddress, seedSample, SLUG, validFeedback, type ErrorJson } from '../helpers/api';

let db: Db;
beforeAll(async () => {
  db = await seedSample();
});

const FORM = `/n/${SLUG}/feedback`;
/** The sample notice's office and the phone it publishes. */
const ISSUER = '中共深圳市罗湖区东晓街道工作委员会';
const PHONE = '0755-25772603';

/** A form sent from the page, as Chromium sends it (Sec-Fetch-Site), unless `headers` say where from instead. */
function post(fields: Record<string, string>, { client = randomAddress(), headers = { 'sec-fetch-site': 'same-origin' } }: { client?: string; headers?: Record<string, string> } = {}) {
  return call(FORM, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': client, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** What a person fills in, with the key the page was rendered with. */
function filled(overrides: Record<string, string> = {}): Record<string, string> {
  return { idempotencyKey: crypto.randomUUID(), itemId: '', kind: 'report', content: `宣传栏仍未更新 ${crypto.randomUUID()}`, name: '', phone: '', email: '', website: '', ...overrides };
}

function embedded<T>(html: string): T {
  const m = /<script id="page-data" type="application\/json">(.*?)<\/script>/s.exec(html);
  if (!m) throw new Error('no page data');
  return JSON.parse(m[1]!) as T;
}

interface SentPage {
  page: 'feedback-sent';
  sent: { receipt: { ref: string; queryCode: string }; item: string; kind: string; content: string; notice: { slug: string } };
}
interface FormPage {
  page: 'feedback';
  notice: FormNotice;
  form: { key: string; values?: Record<string, unknown>; errors?: Array<{ field: string | null; message: string }> };
}

const rowsWith = async (content: string) =>
  (await env.DB.prepare('select ref, status, needs_check, channel, kind, item_id, content from feedback where content = ?').bind(content).all<Record<string, unknown>>()).results;

describe('the form page', () => {
  it('is a POST form to its own address, every field named, with a fresh key in a hidden field and no kind chosen', async () => {
    const [a, b] = [await (await call(FORM)).text(), await (await call(FORM)).text()];
    // The feedback form, not 大字's (POST /large-text) in the header.
    const form = /<form\b(?![^>]*large-text)[^>]*>/.exec(a)![0];
    expect(form).toContain('method="post"');
    expect(form).toContain(`action="${FORM}"`);
    const key = (html: string) => /<input type="hidden" name="idempotencyKey" value="([^"]+)"/.exec(html)![1];
    expect(key(a)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(key(a)).not.toBe(key(b));
    expect(embedded<FormPage>(a).form.key).toBe(key(a));
    for (const name of ['itemId', 'kind', 'content', 'anonymous', 'name', 'phone', 'email', 'consent', 'website']) expect(a).toContain(`name="${name}"`);
    expect([...a.matchAll(/<input type="radio"[^>]*>/g)].map((m) => m[0])).toHaveLength(4);
    expect(a).not.toMatch(/<input type="radio"[^>]*checked/);
    // Each kind is explained in a line of its own.
    expect(a).toContain('整改没有落实到位，或问题仍然存在');
  });
});

describe('POST /n/:slug/feedback', () => {
  it('stores the feedback once, marked for a check, and answers with the receipt, the item and the text sent', async () => {
    const itemId = await itemIdAt(1, 2, 1);
    const fields = filled({ itemId: String(itemId), content: `第一行 ${crypto.randomUUID()}\r\n第二行` });
    const res = await post(fields);
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    const html = await res.text();
    const { sent } = embedded<SentPage>(html);
    expect(sent.receipt.ref).toMatch(/^DX-\d{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    expect(html).toContain(sent.receipt.ref);
    expect(html).toContain(sent.receipt.queryCode);
    expect(sent.item).toBe('二（三）2 针对办理初信初访、国家满意度案件的重视程度有待提升的问题');
    expect(html).toContain(sent.item);
    expect(html).toContain('<title>提交成功 - 整改监督</title>');
    // 返回通报 goes back to the item itself, not the top of the notice.
    expect(html).toContain(`href="/n/${SLUG}#item-${itemId}"`);

    const content = fields.content!.replace('\r\n', '\n');
    expect(sent.content).toBe(content);
    expect(await rowsWith(content)).toEqual([{ ref: sent.receipt.ref, status: 'new', needs_check: 1, channel: 'web', kind: 'report', item_id: itemId, content }]);
  });

  it('shows a feedback sent through the form in the notice\'s counts on the next read of the page and the API (their kept copies go)', async () => {
    const itemId = await itemIdAt(1, 2, 1);
    const total = async () => ((await (await call(`/api/notices/${SLUG}`)).json()) as NoticeView).feedbackCount;
    // The item's count as its card on the page says it (已有 N 条群众反馈, or 暂无群众反馈).
    const pageCount = async () => {
      const html = await (await call(`/n/${SLUG}`)).text();
      const card = html.slice(html.indexOf(`<article class="item" aria-labelledby="item-${itemId}">`));
      const said = /已有 (\d+) 条群众反馈|暂无群众反馈/.exec(card.slice(0, card.indexOf('</article>')));
      if (!said) throw new Error(`no count on the card of item ${itemId}`);
      return Number(said[1] ?? 0);
    };
    const [before, pageBefore] = [await total(), await pageCount()];
    // Read twice: kept by now.
    expect([await total(), await pageCount()]).toEqual([before, pageBefore]);
    expect((await post(filled({ itemId: String(itemId) }))).status).toBe(200);
    expect([await total(), await pageCount()]).toEqual([before + 1, pageBefore + 1]);
  });

  it('answers a second send of the same copy of the form (a refresh) with the same receipt, storing nothing more', async () => {
    const fields = filled();
    const client = randomAddress();
    const first = embedded<SentPage>(await (await post(fields, { client })).text());
    const again = await post(fields, { client });
    expect(again.status).toBe(200);
    expect(embedded<SentPage>(await again.text()).sent.receipt).toEqual(first.sent.receipt);
    expect(await rowsWith(fields.content!)).toHaveLength(1);
  });

  it('shows the form again with the error summary, in the API’s words, and the text typed, escaped', async () => {
    const content = '<script>alert("写在这里")</script>';
    const res = await post(filled({ kind: '', phone: '12345', consent: '1', content }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<title>错误：我要监督 - 整改监督</title>');
    expect(html).toContain('请修改以下问题');
    const { form, notice } = embedded<FormPage>(html);
    // Its notice as the form page always embeds it: names and items, none of their text.
    expect(notice).toEqual(formNoticeOf((await (await call(`/api/notices/${SLUG}`)).json()) as NoticeView));
    expect(form.errors).toEqual([
      { field: 'kind', message: fieldMessages.kind.required },
      { field: 'phone', message: fieldMessages.phone.invalid },
    ]);
    expect(html).toContain(`<a href="#field-kind">${fieldMessages.kind.required}</a>`);
    expect(form.values).toMatchObject({ content, phone: '12345', kind: '' });
    // The text is back in the box, as text: never as markup, neither in the page nor in its data.
    expect(html).not.toContain('<script>alert');
    expect(/<textarea[^>]*>([^<]*)<\/textarea>/.exec(html)![1]).toBe('&lt;script>alert(&quot;写在这里&quot;)&lt;/script>');
    expect(await rowsWith(content)).toEqual([]);
  });

  it('asks for the kind and the text of an empty form, the API’s rules for the API’s fields', async () => {
    const res = await post({ idempotencyKey: crypto.randomUUID() });
    expect(res.status).toBe(422);
    expect(embedded<FormPage>(await res.text()).form.errors).toEqual([
      { field: 'kind', message: fieldMessages.kind.required },
      { field: 'content', message: fieldMessages.content.required },
    ]);
    // The API has always required a kind: without one, the same message.
    const api = await postJson('/api/feedback', { ...validFeedback(), kind: undefined });
    expect(api.status).toBe(422);
    expect(((await api.json()) as ErrorJson).error.fields).toEqual({ kind: fieldMessages.kind.required });
  });

  it('stops a client after 2 an hour with a 429 page that says when to try again, keeps the text and gives the office’s phone', async () => {
    const client = randomAddress();
    for (let i = 0; i < 2; i++) expect((await post(filled(), { client })).status).toBe(200);
    const fields = filled();
    const res = await post(fields, { client });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await res.text();
    const { form } = embedded<FormPage>(html);
    // Another way to be heard now: the notice's own phone, a link to call it.
    const orCall = { field: null, message: errorMessages.formOrCall(ISSUER, PHONE), href: 'tel:075525772603' };
    expect(form.errors).toEqual([{ field: null, message: errorMessages.formTooMany(Number(res.headers.get('retry-after')) / 60) }, orCall]);
    expect(form.errors![0]!.message).toMatch(/^提交过于频繁，请 \d+ (分钟|小时)后再按“提交”/);
    expect(orCall.message).toBe(`不想等待，也可以致电${ISSUER} ${PHONE}`);
    expect(html).toContain(`<li><a href="tel:075525772603">${orCall.message}</a></li>`);
    expect(form.values!.content).toBe(fields.content);
    // The same key can be sent again later: nothing was stored under it.
    expect(form.key).toBe(fields.idempotencyKey);
    expect(await rowsWith(fields.content!)).toEqual([]);
    const hash = await fingerprint(env.APP_SECRET!, client);
    expect((await env.DB.prepare('select count(*) as n from feedback where client_hash = ?').bind(hash).first<{ n: number }>())!.n).toBe(2);
  });

  it('files what fills the honeypot as spam, and answers it with a receipt all the same', async () => {
    const fields = filled({ website: 'http://spam.example' });
    const res = await post(fields);
    expect(res.status).toBe(200);
    const { sent } = embedded<SentPage>(await res.text());
    expect(await rowsWith(fields.content!)).toMatchObject([{ ref: sent.receipt.ref, status: 'spam' }]);
  });

  it('refuses a submission from another site, storing nothing, and gives the text back to send from here', async () => {
    const elsewhere: Array<Record<string, string>> = [
      { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': 'cross-site', origin: 'null' }, { origin: 'https://evil.example' },
    ];
    for (const headers of elsewhere) {
      const fields = filled();
      const res = await post(fields, { headers });
      expect(res.status).toBe(403);
      const { form } = embedded<FormPage>(await res.text());
      expect(form.errors).toEqual([{ field: null, message: errorMessages.formFromElsewhere }]);
      expect(form.values!.content).toBe(fields.content);
      expect(form.key).not.toBe(fields.idempotencyKey);
      expect(await rowsWith(fields.content!)).toEqual([]);
    }
  });

  it('takes a submission without Sec-Fetch-Site whose Origin is this site or null (no-referrer pages)', async () => {
    for (const origin of ['http://localhost', 'null']) {
      const fields = filled();
      const res = await post(fields, { headers: { origin } });
      expect(res.status).toBe(200);
      expect(await rowsWith(fields.content!)).toHaveLength(1);
    }
  });

  it('gives a copy of the form sent once and then changed a new key, and says so, storing nothing', async () => {
    const fields = filled();
    await post(fields);
    const changed = { ...fields, content: `${fields.content} 补充` };
    const res = await post(changed);
    expect(res.status).toBe(409);
    const { form } = embedded<FormPage>(await res.text());
    expect(form.errors).toEqual([{ field: null, message: errorMessages.formAlreadySent }]);
    expect(form.key).not.toBe(fields.idempotencyKey);
    expect(await rowsWith(changed.content)).toEqual([]);
  });

  it('shows a form without a usable key again with a new one', async () => {
    const fields = filled({ idempotencyKey: 'not-a-key' });
    const res = await post(fields);
    expect(res.status).toBe(400);
    const { form } = embedded<FormPage>(await res.text());
    expect(form.errors).toEqual([{ field: null, message: errorMessages.formExpired }]);
    expect(form.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(form.values!.content).toBe(fields.content);
  });

  it('names an item of another notice as the API does', async () => {
    const res = await post(filled({ itemId: '999999' }));
    expect(res.status).toBe(404);
    expect(embedded<FormPage>(await res.text()).form.errors).toEqual([{ field: 'itemId', message: fieldMessages.itemId.unknown }]);
  });

  it('never answers 500 to hostile values in any field, or to bodies that are not the form', { timeout: 30_000 }, async () => {
    const nasty = ['x'.repeat(20_000), '\u0000\u0007\u001b[31m', '\u202Eevil\u202C', '😀👨‍👩‍👧‍👦', "'; drop table feedback; --", '<script>alert(1)</script>', '%00%ff', '\r\n\r\nHTTP/1.1 200 OK', '-1', '1e308', '9007199254740993', ''];
    const expectPage = async (res: Response) => {
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toContain('text/html');
      await res.arrayBuffer();
    };
    for (const field of ['idempotencyKey', 'itemId', 'kind', 'content', 'anonymous', 'name', 'phone', 'email', 'consent', 'website']) {
      for (const value of nasty) await expectPage(await post(filled({ [field]: value })));
    }
    const raw = (body: BodyInit, type: string) =>
      call(FORM, { method: 'POST', headers: { 'content-type': type, 'cf-connecting-ip': randomAddress(), 'sec-fetch-site': 'same-origin' }, body });
    await expectPage(await raw('content=%E4%B8&kind=%&itemId=%%', 'application/x-www-form-urlencoded'));
    await expectPage(await raw('content=a&content=b&kind=report&kind=praise', 'application/x-www-form-urlencoded'));
    await expectPage(await raw('{"content":"宣传栏仍未更新"}', 'application/json'));
    await expectPage(await raw(new Uint8Array([0xff, 0xfe, 0x00, 0x41]), 'application/x-www-form-urlencoded'));
    const multipart = new FormData();
    multipart.set('content', new File(['宣传栏仍未更新'], 'a.txt'));
    multipart.set('idempotencyKey', crypto.randomUUID());
    await expectPage(await raw(multipart, 'multipart/form-data'));
    // Over the form's limit (64 KB): the form again, saying it is too large.
    const huge = await raw(new URLSearchParams(filled({ content: '长'.repeat(10_000) })).toString(), 'application/x-www-form-urlencoded');
    expect(huge.status).toBe(413);
    expect(embedded<FormPage>(await huge.text()).form.errors).toEqual([{ field: null, message: errorMessages.tooLarge }]);
  });

  it('answers a form sent to a notice that has stopped taking feedback with the page that says so, storing nothing', async () => {
    await env.DB.prepare("update notices set state = 'closed', closed_on = '2026-01-05' where slug = ?").bind(SLUG).run();
    try {
      const fields = filled();
      const res = await post(fields);
      expect(res.status).toBe(409);
      expect(embedded<{ page: string }>(await res.text()).page).toBe('feedback-closed');
      expect(await rowsWith(fields.content!)).toEqual([]);
    } finally {
      await env.DB.prepare("update notices set state = 'published', closed_on = null where slug = ?").bind(SLUG).run();
    }
  });

  it('leaves the API as it was: a submission there still needs a proof of work', async () => {
    const res = await postJson('/api/feedback', validFeedback(), { 'x-proof': '' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as ErrorJson).error.code).toBe('proof_invalid');
  });
});

describe('a disputed item on the public page', () => {
  it('says how many people report that it is not done exactly when staff see it as 有争议, with the same count', async () => {
    const notice = (await (await call(`/api/notices/${SLUG}`)).json()) as NoticeView;
    const items = notice.parts.flatMap((p) => [...p.items, ...p.categories.flatMap((c) => c.items)]);
    const done = items.filter((i) => i.status === 'completed');
    expect(done.length).toBeGreaterThanOrEqual(2);
    const [disputed, almost] = [done[0]!, done[1]!];
    // Three people report the first is not done (one of them twice), two the second; a declined report does not count.
    const report = (itemId: number, client = randomAddress()) => postJson('/api/feedback', validFeedback({ itemId, kind: 'report' }), { 'cf-connecting-ip': client });
    const twice = randomAddress();
    for (const r of await Promise.all([report(disputed.id, twice), report(disputed.id, twice), report(disputed.id), report(disputed.id), report(almost.id), report(almost.id)])) {
      expect(r.status).toBe(201);
    }
    const declined = (await (await report(almost.id)).json()) as { ref: string };
    await env.DB.prepare("update feedback set status = 'declined' where ref = ?").bind(declined.ref).run();

    const staff = itemsView((await noticeItemRows(db, SLUG, null, DISMISSED_STATUSES))!, null).items;
    const publicView = (await (await call(`/api/notices/${SLUG}`)).json()) as NoticeView;
    const shown = new Map(publicView.parts.flatMap((p) => [...p.items, ...p.categories.flatMap((c) => c.items)]).map((i) => [i.id, i.disputedBy]));
    for (const s of staff) expect(shown.get(s.id), s.fullLabel).toBe(s.disputed ? s.counts.standingReporters : null);
    expect(shown.get(disputed.id)).toBe(3);
    expect(shown.get(almost.id)).toBeNull();

    const html = await (await call(`/n/${SLUG}`)).text();
    expect(html).toContain('通报称已完成整改，有 3 位群众反映仍有问题');
    expect(html.match(/通报称已完成整改，有 \d+ 位群众反映仍有问题/g)).toHaveLength(1);
  });
});
