/**
 * Text the public sends is kept as sent, or refused with the field's message: never acknowledged
 * and then lost. SQLite hands a string back cut at its first NUL, a lone surrogate is stored as
 * U+FFFD, and a form sent in another encoding than UTF-8 arrives as U+FFFD; text of nothing but
 * invisible characters shows nothing (feedback/rules.ts hasUnprintable, isBlank); bidi marks a
 * phone pastes round a name are kept, and round a phone number dropped. Mail, which
 * nobody can be asked to correct, loses its control characters and keeps the rest.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { afterReplyMessages } from '../../worker/after-reply-messages';
import { errorMessages, fieldMessages } from '../../worker/messages';
import { call, postJson, randomAddress, seedSample, SLUG, validFeedback } from '../helpers/api';
import { NOTICE_ADDRESS, postMail, storedMailFeedback } from '../helpers/mail';

beforeAll(async () => {
  await seedSample();
});

interface Receipt {
  ref: string;
  queryCode: string;
}

/** The 422 of the JSON API, with one message per field. */
const refusedWith = (fields: Record<string, string>) => ({ error: { code: 'validation_failed', message: errorMessages.validation, fields } });

async function submitted(overrides: Record<string, unknown> = {}): Promise<Receipt> {
  const res = await postJson('/api/feedback', validFeedback(overrides));
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Receipt;
}

/** A feedback the office has replied to. */
async function replied(): Promise<Receipt> {
  const r = await submitted({ content: `路灯不亮的问题仍未解决。${crypto.randomUUID()}` });
  await env.DB.prepare("update feedback set status = 'replied', reply = '已安排维修。', replied_at = ? where ref = ?").bind(Date.now() - 3_600_000, r.ref).run();
  return r;
}

const stored = (ref: string) =>
  env.DB.prepare('select content, name, email, rating, rating_comment from feedback where ref = ?').bind(ref).first<Record<string, unknown>>();

describe('the rating’s comment', () => {
  const rate = (r: Receipt, body: unknown) => postJson(`/api/feedback/${r.ref}/rating`, body, { 'x-query-code': r.queryCode, 'cf-connecting-ip': randomAddress() });

  it('refuses a comment with a NUL (422, its message, nothing rated); a readable one is kept whole and can be changed', async () => {
    const r = await replied();
    const res = await rate(r, { rating: 1, comment: '不满意\u0000路灯还是不亮' });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual(refusedWith({ comment: '评价说明含有无法识别的字符，请删除后再提交' }));
    expect(await stored(r.ref)).toMatchObject({ rating: null, rating_comment: null });

    expect((await rate(r, { rating: 1, comment: '不满意，路灯还是不亮' })).status).toBe(200);
    expect(await stored(r.ref)).toMatchObject({ rating: 1, rating_comment: '不满意，路灯还是不亮' });
    // The change compares against the comment as stored: no false 409.
    expect((await rate(r, { rating: 2, comment: '不满意，路灯还是不亮' })).status).toBe(200);
    expect(await stored(r.ref)).toMatchObject({ rating: 2, rating_comment: '不满意，路灯还是不亮' });
  });

  it('refuses lone surrogates and other controls in the comment, and counts a comment of invisible characters as none', async () => {
    const r = await replied();
    for (const comment of ['\uD800\uD800', '路灯\u0007', '路灯\u0085不亮']) {
      const res = await rate(r, { rating: 1, comment });
      expect(res.status, JSON.stringify(comment)).toBe(422);
      expect(await res.json()).toEqual(refusedWith({ comment: fieldMessages.rating.commentInvalidChars }));
    }
    expect((await rate(r, { rating: 1, comment: '\u200b\u202e \u2060' })).status).toBe(200);
    expect(await stored(r.ref)).toMatchObject({ rating: 1, rating_comment: null });
  });

  it('refuses a NUL in the comment of the form sent without scripts, with the same message', async () => {
    const r = await replied();
    const form = (comment: string) =>
      call('/track/rating', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': randomAddress() },
        body: new URLSearchParams({ ref: r.ref, code: r.queryCode, rating: '1', comment, confirm: 'yes' }).toString(),
      });
    const res = await form('不满意\u0000路灯还是不亮');
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(fieldMessages.rating.commentInvalidChars);
    expect(await stored(r.ref)).toMatchObject({ rating: null, rating_comment: null });
    expect((await form('路灯还是不亮')).status).toBe(200);
    expect(await stored(r.ref)).toMatchObject({ rating: 1, rating_comment: '路灯还是不亮' });
  });
});

describe('a submission’s text', () => {
  it.each([
    ['a NUL', 'a\u0000b@example.cn'],
    ['a lone surrogate', 'a\uD800b@example.cn'],
    ['a bell', 'a\u0007b@example.cn'],
    ['a next-line control (U+0085)', 'a\u0085b@example.cn'],
    ['a right-to-left override', 'a\u202Eb@example.cn'],
    ['a zero-width space', 'a\u200Bb@example.cn'],
  ])('refuses an e-mail address with %s in it (422, the address’s message)', async (_name, email) => {
    const res = await postJson('/api/feedback', validFeedback({ anonymous: false, consent: true, email }));
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual(refusedWith({ email: fieldMessages.email.invalid }));
  });

  it('keeps a plain address, an address with a Chinese local part, and text with invisible characters inside it', async () => {
    const content = `路灯\u200B还是不亮 ${crypto.randomUUID()}`;
    for (const email of ['zhang.san@example.cn', '张三@example.cn']) {
      const r = await submitted({ anonymous: false, consent: true, email, content: `${content} ${email}` });
      expect(await stored(r.ref)).toMatchObject({ email, content: `${content} ${email}` });
    }
  });

  it.each([
    ['seven right-to-left overrides', '\u202E'.repeat(7)],
    ['six zero-width spaces', '\u200B'.repeat(6)],
    ['word joiners, byte order marks and spaces', '\u2060\uFEFF \u3000\u2066\u2069\u200E'],
  ])('counts content of %s as not given (422, 请填写反馈内容)', async (_name, content) => {
    const res = await postJson('/api/feedback', validFeedback({ content }));
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual(refusedWith({ content: fieldMessages.content.required }));
  });

  it('counts only what shows towards the shortest content, and a name of invisible characters as no name', async () => {
    const short = await postJson('/api/feedback', validFeedback({ content: '\u200B\u200B\u200B\u200B路灯' }));
    expect(short.status).toBe(422);
    expect(await short.json()).toEqual(refusedWith({ content: fieldMessages.content.tooShort }));
    // Anonymous, with a "name" that shows nothing: no contact left, so nothing is refused and none is kept.
    const r = await submitted({ anonymous: true, name: '\u200B\u202E' });
    expect(await stored(r.ref)).toMatchObject({ name: null });
  });

  it.each([
    ['a Uyghur name wrapped in a bidi isolate, as an Android phone pastes it', '\u2068买买提·艾力\u2069'],
    ['a name wrapped in a left-to-right embedding', '\u202A王五\u202C'],
  ])('takes %s (201), and keeps the name as sent', async (_name, name) => {
    const r = await submitted({ anonymous: false, consent: true, name, content: `路灯还是不亮 ${crypto.randomUUID()}` });
    expect(await stored(r.ref)).toMatchObject({ name });
  });

  it('takes a phone number pasted with bidi marks round it (201), and stores it without them', async () => {
    const res = await postJson('/api/feedback', validFeedback({ anonymous: false, consent: true, phone: '\u202A+86 138 1234 5678\u202C', content: `路灯还是不亮 ${crypto.randomUUID()}` }));
    expect(res.status, await res.clone().text()).toBe(201);
    const { ref } = (await res.json()) as Receipt;
    const { phone } = (await env.DB.prepare('select phone from feedback where ref = ?').bind(ref).first<{ phone: string }>())!;
    expect(phone).toBe('+86 138 1234 5678');
    expect(phone).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/);
  });

  it('still refuses a name with a line break or a tab in it (422, the name’s message)', async () => {
    for (const name of ['王\n五', '王\t五', '王\u2028五']) {
      const res = await postJson('/api/feedback', validFeedback({ anonymous: false, consent: true, name }));
      expect(res.status, JSON.stringify(name)).toBe(422);
      expect(await res.json()).toEqual(refusedWith({ name: fieldMessages.name.invalidChars }));
    }
  });

  it('counts a follow-up of invisible characters as not given (422, 请填写补充说明), before the code is looked at', async () => {
    const r = await replied();
    const res = await postJson(`/api/feedback/${r.ref}/follow-up`, { text: '\u200B'.repeat(6) }, { 'x-query-code': r.queryCode, 'cf-connecting-ip': randomAddress() });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual(refusedWith({ text: afterReplyMessages.followUpText.required }));
    const ok = await postJson(`/api/feedback/${r.ref}/follow-up`, { text: '晚上十点以后\u200B整条街都是黑的。' }, { 'x-query-code': r.queryCode, 'cf-connecting-ip': randomAddress() });
    expect(ok.status).toBe(201);
  });
});

describe('the form sent without scripts, in bytes that are not UTF-8', () => {
  const FORM = `/n/${SLUG}/feedback`;
  /** A form body as a browser would send it, the content's bytes already percent-encoded. */
  const post = (encoded: Record<string, string>) =>
    call(FORM, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': randomAddress(), 'sec-fetch-site': 'same-origin' },
      body: Object.entries({ idempotencyKey: crypto.randomUUID(), itemId: '', kind: 'report', name: '', phone: '', email: '', website: '', ...encoded })
        .map(([k, v]) => `${k}=${v}`)
        .join('&'),
    });
  const errorsOf = (html: string) =>
    (JSON.parse(/<script id="page-data" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!) as { form: { errors?: Array<{ field: string | null; message: string }> } }).form.errors;
  const garbled = async () => (await env.DB.prepare("select count(*) as n from feedback where instr(content, char(65533)) > 0 or instr(coalesce(name, ''), char(65533)) > 0").first<{ n: number }>())!.n;

  it.each([
    ['an encoded lone surrogate (CESU-8)', { content: '%ED%A0%80%ED%A0%80%E8%B7%AF%E7%81%AF%E8%BF%98%E6%98%AF%E4%B8%8D%E4%BA%AE' }, 'content', fieldMessages.content.invalidChars],
    ['UTF-16 with its byte order mark', { content: '%FF%FE%EF%8D%01%4E%0D%4E%AE%4E%01%4E' }, 'content', fieldMessages.content.invalidChars],
    ['GBK', { content: '%C2%B7%B5%C6%BB%B9%CA%C7%B2%BB%C1%C1%A1%A3', name: '%D5%C5%C8%FD', anonymous: '', consent: '1' }, 'content', fieldMessages.content.invalidChars],
  ])('refuses content sent as %s with 422 and the field’s message, storing nothing', async (_name, fields, field, message) => {
    const res = await post(fields);
    expect(res.status).toBe(422);
    expect(errorsOf(await res.text())).toContainEqual({ field, message });
    expect(await garbled()).toBe(0);
  });

  it('refuses a name sent in GBK with the name’s message, and takes the same form in UTF-8', async () => {
    const content = encodeURIComponent(`路灯还是不亮 ${crypto.randomUUID()}`);
    const res = await post({ content, name: '%D5%C5%C8%FD', consent: '1' });
    expect(res.status).toBe(422);
    expect(errorsOf(await res.text())).toEqual([{ field: 'name', message: fieldMessages.name.invalidChars }]);
    expect((await post({ content, name: encodeURIComponent('张三'), consent: '1' })).status).toBe(200);
    expect(await garbled()).toBe(0);
  });
});

describe('mail with control characters', () => {
  const base64 = (s: string) => btoa(Array.from(new TextEncoder().encode(s), (b) => String.fromCharCode(b)).join(''));
  const mail = (subject: string, text: string) =>
    new TextEncoder().encode(
      [
        'From: li.si@qq.com',
        `To: ${NOTICE_ADDRESS}`,
        `Subject: ${subject ? `=?utf-8?B?${base64(subject)}?=` : ''}`,
        `Message-ID: <${crypto.randomUUID()}@qq.com>`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: base64',
        '',
        base64(text),
        '',
      ].join('\r\n'),
    );

  it('takes mail whose text has NUL bytes, keeping the text after them (the controls dropped, tabs and lines kept)', async () => {
    const res = await postMail(mail('路灯\u0000不亮', '你好：\n路灯还是不亮\u0000\u0000，晚上十点以后\u0007整条街\t都是黑的。\n李四'));
    const body = (await res.json()) as { outcome: string; ref: string };
    expect(res.status, JSON.stringify(body)).toBe(201);
    const { f } = (await storedMailFeedback(body.ref))!;
    expect(f.content).toBe('主题：路灯不亮\n\n你好：\n路灯还是不亮，晚上十点以后整条街\t都是黑的。\n李四');
  });

  it('counts mail of nothing but controls and invisible characters as without text', async () => {
    const res = await postMail(mail('', '\u0000\u0000\u0000\u0000\u0000\u0000\u200B\u200B\u200B\u200B\u200B\u200B'));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('no_text');
  });
});
