/**
 * Text staff send is kept as sent, or refused with the field's message: a control character (a
 * NUL cuts what SQLite hands back), a lone surrogate or U+FFFD is refused in every free-text
 * field (feedback/rules.ts hasUnprintable), text of nothing but invisible characters counts as
 * not given, a one-line label takes no line break or tab (bidi marks, which a phone pastes
 * unseen round a name, are kept as sent), and text past a field's hard cap is told that it is
 * too long, not that it is missing.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorMessages, fieldMessages } from '../../worker/messages';
import { CALENDAR_MESSAGES } from '../../worker/calendar/entry';
import { shanghaiDate } from '../../worker/feedback/deadlines';
import sample from '../../seed/dongxiao-notice.txt?raw';
import { noticeFieldMessages } from '../../worker/staff/notice-messages';
import { staffFieldMessages as m, templateFieldMessages } from '../../worker/staff/messages';
import { postJson, randomAddress, seedSample, SLUG } from '../helpers/api';
import { inviteThroughApi, setPassword } from './account-helpers';
import { createDepartment, createItem, json, PASSWORD, setFeedback, signedIn, staff, submitPublic, type TestUser } from './helpers';

let admin: TestUser;
let handler: TestUser;
let department: number;

beforeAll(async () => {
  await seedSample();
  department = await createDepartment('城市管理科');
  admin = await signedIn('admin');
  handler = await signedIn('handler', { departmentId: department });
});

const refusedWith = (fields: Record<string, string>) => ({ error: { code: 'validation_failed', message: errorMessages.validation, fields } });

async function expectRefused(res: Response, fields: Record<string, string>) {
  expect(res.status).toBe(422);
  expect(await res.json()).toEqual(refusedWith(fields));
}

async function feedbackIn(status: string) {
  const f = await submitPublic({ content: `路灯不亮的问题仍未解决。${crypto.randomUUID()}` });
  await setFeedback(f.id, { status, department_id: status === 'new' ? null : department, accepted_at: status === 'new' ? null : Date.now() });
  return f;
}

const row = (id: number) =>
  env.DB.prepare('select status, reply, extension_days, extension_reason, department_id, return_reason from feedback where id = ?').bind(id).first<Record<string, unknown>>();
const notes = async (id: number) =>
  (await env.DB.prepare("select text from feedback_events where feedback_id = ? and type = 'note'").bind(id).all<{ text: string }>()).results.map((e) => e.text);

describe('the workflow’s texts', () => {
  const act = (id: number, action: string, body: Record<string, unknown>, cookie = admin.cookie) => staff(`/feedback/${id}/${action}`, { method: 'POST', cookie, body });

  it('refuses a reply with a NUL (422, the reply’s message, nothing changed), and sends a readable one', async () => {
    const f = await feedbackIn('in_progress');
    await expectRefused(await act(f.id, 'transition', { to: 'replied', reply: '已修复\u0000路灯，晚上已能照明' }), { reply: m.reply.invalidChars });
    expect(await row(f.id)).toMatchObject({ status: 'in_progress', reply: null });
    expect((await act(f.id, 'transition', { to: 'replied', reply: '已修复路灯，晚上已能照明。' })).status).toBe(200);
    expect(await row(f.id)).toMatchObject({ status: 'replied', reply: '已修复路灯，晚上已能照明。' });
  });

  it.each([
    ['a NUL', '\u0000', m.reason.invalidChars],
    ['lone surrogates', '\uD800\uDFFF\uDC00', m.reason.invalidChars],
    ['invisible characters only', '\u200B\u202E\uFEFF ', m.reason.declined],
  ])('refuses a decline’s reason of %s', async (_name, reason, message) => {
    const f = await feedbackIn('new');
    await expectRefused(await act(f.id, 'transition', { to: 'declined', reason }), { reason: message });
    expect(await row(f.id)).toMatchObject({ status: 'new' });
  });

  it.each([
    ['a NUL', '\u0000', m.reason.invalidChars],
    ['invisible characters only', '\u200B\u200B', m.reason.extend],
    ['over the hard cap of 20,000 characters', 'x'.repeat(20_001), m.reason.tooLong],
  ])('refuses an extension’s reason of %s, extending nothing', async (_name, reason, message) => {
    const f = await feedbackIn('in_progress');
    await expectRefused(await act(f.id, 'extend', { days: 3, reason }), { reason: message });
    expect(await row(f.id)).toMatchObject({ extension_days: 0, extension_reason: null });
  });

  it('extends with a readable reason', async () => {
    const f = await feedbackIn('in_progress');
    expect((await act(f.id, 'extend', { days: 3, reason: '需要现场核查' })).status).toBe(200);
    expect(await row(f.id)).toMatchObject({ extension_days: 3, extension_reason: '需要现场核查' });
  });

  it.each([
    ['over the hard cap of 20,000 characters', 'x'.repeat(20_001), m.text.tooLong],
    ['under the hard cap but over 2,000', 'x'.repeat(19_999), m.text.tooLong],
    ['a NUL', '内部备注\u0000已电话联系', m.text.invalidChars],
    ['invisible characters only', '\u2060\u2061', m.text.required],
  ])('refuses a note %s with its message', async (_name, text, message) => {
    const f = await feedbackIn('accepted');
    await expectRefused(await act(f.id, 'notes', { text }), { text: message });
    expect(await notes(f.id)).toEqual([]);
  });

  it('records a readable note', async () => {
    const f = await feedbackIn('accepted');
    expect((await act(f.id, 'notes', { text: '内部备注：已电话联系' })).status).toBe(201);
    expect(await notes(f.id)).toEqual(['内部备注：已电话联系']);
  });

  it('refuses a hand-back’s reason with a NUL, and takes a readable one', async () => {
    const f = await feedbackIn('accepted');
    await expectRefused(await act(f.id, 'return', { reason: '不属于\u0000本部门' }, handler.cookie), { reason: m.reason.invalidChars });
    expect(await row(f.id)).toMatchObject({ department_id: department, return_reason: null });
    expect((await act(f.id, 'return', { reason: '不属于本部门' }, handler.cookie)).status).toBe(200);
    expect(await row(f.id)).toMatchObject({ department_id: null, return_reason: '不属于本部门' });
  });

  it('refuses an answer to a follow-up with a NUL, and takes one of invisible characters as 已处理 without an answer', async () => {
    const f = await submitPublic({ content: '垃圾清运点的气味仍然很大。' });
    await setFeedback(f.id, { status: 'replied', reply: '已加强清运。', replied_at: Date.now() - 86_400_000, department_id: department });
    const sent = await postJson(`/api/feedback/${f.ref}/follow-up`, { text: '晚上八点以后气味最大。' }, { 'x-query-code': f.queryCode, 'cf-connecting-ip': randomAddress() });
    expect(sent.status).toBe(201);
    await expectRefused(await act(f.id, 'attention', { text: '已再次\u0000清运' }), { text: m.answer.invalidChars });
    expect((await act(f.id, 'attention', { text: '\u200B\u200B' })).status).toBe(200);
    const events = (await env.DB.prepare("select type, text from feedback_events where feedback_id = ? and type in ('answered', 'attention_cleared')").bind(f.id).all()).results;
    expect(events).toEqual([{ type: 'attention_cleared', text: null }]);
  });
});

describe('e-mail addresses and passwords', () => {
  it('refuses a member’s address with a NUL, twice, making no account', async () => {
    const count = async () => (await env.DB.prepare('select count(*) as n from staff_users').first<{ n: number }>())!.n;
    const before = await count();
    for (let i = 0; i < 2; i++) {
      await expectRefused(await staff('/users', { method: 'POST', cookie: admin.cookie, body: { email: 'a\u0000b@example.cn', role: 'viewer' } }), { email: m.email.invalid });
    }
    await expectRefused(await staff('/users', { method: 'POST', cookie: admin.cookie, body: { email: 'a\u202Eb@example.cn', role: 'viewer' } }), { email: m.email.invalid });
    expect(await count()).toBe(before);
    expect((await staff('/users', { method: 'POST', cookie: admin.cookie, body: { email: `ab-${crypto.randomUUID().slice(0, 6)}@example.cn`, role: 'viewer' } })).status).toBe(201);
    expect(await count()).toBe(before + 1);
  });

  it('refuses an address with a NUL in feedback logged by staff, with the address’s message', async () => {
    const entry = {
      channel: 'phone', receivedAt: shanghaiDate(Date.now()), noticeSlug: SLUG, itemId: null, kind: 'report',
      content: '电话反映：小区门口垃圾桶无人清理。', anonymous: false, name: '李四', consent: true,
    };
    await expectRefused(await staff('/feedback', { method: 'POST', cookie: handler.cookie, body: { ...entry, email: 'li\u0000si@example.cn' } }), { email: fieldMessages.email.invalid });
    expect((await staff('/feedback', { method: 'POST', cookie: handler.cookie, body: { ...entry, email: 'lisi@example.cn' } })).status).toBe(201);
  });

  it.each([
    ['twelve lone surrogates', '\uD800'.repeat(12)],
    ['twelve U+FFFD, what lone surrogates become', '\uFFFD'.repeat(12)],
    ['twenty NULs', '\u0000'.repeat(20)],
  ])('refuses a new password of %s through a setup link, and takes a typed one', async (_name, password) => {
    const member = await inviteThroughApi(admin.cookie);
    await expectRefused(await setPassword(member.token, password), { newPassword: m.newPassword.invalidChars });
    expect((await setPassword(member.token, '路灯还是不亮 twelve')).status).toBe(200);
  });

  it('refuses a changed password of lone surrogates', async () => {
    const me = await signedIn('viewer');
    const res = await staff('/session/password', { method: 'POST', cookie: me.cookie, body: { currentPassword: PASSWORD, newPassword: '\uDC00'.repeat(12) } });
    await expectRefused(res, { newPassword: m.newPassword.invalidChars });
  });
});

describe('names, titles and sources', () => {
  it.each([
    ['over the hard cap of 1,000 characters', 'x'.repeat(1001), m.name.tooLong],
    ['with a line break', '城管\n执法科', m.name.invalidChars],
    ['of a right-to-left override only', '\u202E', m.name.required],
    ['with a right-to-left override inside, which would turn the rest of the name around', '城管\u202E科', m.name.invalidChars],
    ['with a NUL', '城管\u0000科', m.name.invalidChars],
  ])('refuses a department name %s', async (_name, name, message) => {
    await expectRefused(await staff('/departments', { method: 'POST', cookie: admin.cookie, body: { name } }), { name: message });
    await expectRefused(await staff(`/departments/${department}`, { method: 'PATCH', cookie: admin.cookie, body: { name } }), { name: message });
  });

  it.each([
    ['wrapped in a bidi isolate, as an Android phone pastes a Uyghur name', '\u2068买买提·艾力\u2069办公室'],
    ['wrapped in a left-to-right embedding', '\u202A城管科\u202C'],
    ['with a right-to-left embedding inside', '城管\u202B科\u202C'],
  ])('takes a department name %s, and keeps it as sent', async (_name, typed) => {
    const name = `${typed}${crypto.randomUUID().slice(0, 6)}`;
    const res = await staff('/departments', { method: 'POST', cookie: admin.cookie, body: { name } });
    expect(res.status, await res.clone().text()).toBe(201);
    const { id } = await json<{ id: number }>(res);
    expect(await env.DB.prepare('select name from departments where id = ?').bind(id).first()).toEqual({ name });
    const renamed = `${name}二`;
    expect((await staff(`/departments/${id}`, { method: 'PATCH', cookie: admin.cookie, body: { name: renamed } })).status).toBe(200);
    expect(await env.DB.prepare('select name from departments where id = ?').bind(id).first()).toEqual({ name: renamed });
  });

  it('takes a member’s display name and a reply template’s title with bidi marks in them, as sent', async () => {
    const displayName = '\u2068买买提·艾力\u2069';
    const member = await staff('/users', { method: 'POST', cookie: admin.cookie, body: { email: `bidi-${crypto.randomUUID().slice(0, 6)}@example.cn`, displayName, role: 'viewer' } });
    expect(member.status, await member.clone().text()).toBe(201);
    expect((await json<{ user: { displayName: string } }>(member)).user.displayName).toBe(displayName);
    const title = `答复\u202B模板\u202C${crypto.randomUUID().slice(0, 6)}`;
    const template = await staff('/reply-templates', { method: 'POST', cookie: admin.cookie, body: { title, body: '已处理。' } });
    expect(template.status, await template.clone().text()).toBe(201);
    expect(await env.DB.prepare('select title from reply_templates where title = ?').bind(title).first()).toEqual({ title });
  });

  it.each([
    ['with a tab', { title: '答复\t模板', body: '已处理。' }, { title: templateFieldMessages.title.invalidChars }],
    ['over the hard cap of 20,000 characters', { title: 'x'.repeat(20_001), body: '已处理。' }, { title: templateFieldMessages.title.tooLong }],
    ['of zero-width spaces only', { title: '\u200B\u200B', body: '已处理。' }, { title: templateFieldMessages.title.required }],
    ['whose body has a NUL', { title: `模板${crypto.randomUUID().slice(0, 6)}`, body: '已\u0000处理。' }, { body: templateFieldMessages.body.invalidChars }],
  ])('refuses a reply template %s', async (_name, body, fields) => {
    await expectRefused(await staff('/reply-templates', { method: 'POST', cookie: admin.cookie, body }), fields);
  });

  it('refuses an item’s comment over the hard cap as too long, one with a NUL, and one that shows nothing', async () => {
    const itemId = await createItem(SLUG, null);
    const comment = (body: string) => staff(`/items/${itemId}/comments`, { method: 'POST', cookie: admin.cookie, body: { body, public: false } });
    await expectRefused(await comment('x'.repeat(20_001)), { body: m.body.tooLong });
    await expectRefused(await comment('下周\u0000复查'), { body: m.body.invalidChars });
    await expectRefused(await comment('\u200B\u200C\u200D'), { body: m.body.required });
    expect((await comment('下周复查。')).status).toBe(201);
  });

  it('refuses a notification target’s address over the hard cap as too long, and a name that shows nothing as missing', async () => {
    const url = `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${'k'.repeat(5_001)}`;
    await expectRefused(await staff('/notify-targets', { method: 'POST', cookie: admin.cookie, body: { kind: 'wecom', name: '群', url } }), { url: '地址不能超过 500 个字符' });
    await expectRefused(
      await staff('/notify-targets', { method: 'POST', cookie: admin.cookie, body: { kind: 'wecom', name: '\u202E\u200B', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6' } }),
      { name: '请填写渠道名称' },
    );
  });

  describe('a year of the calendar', () => {
    const good = {
      year: 2027,
      source: 'https://www.gov.cn/zhengce/content/2027-test.htm',
      days: [
        { day: '2027-02-06', kind: 'off', name: '春节' },
        { day: '2027-02-20', kind: 'work', name: '春节' },
      ],
    };
    const post = (body: unknown) => staff('/calendar/years', { method: 'POST', cookie: admin.cookie, body });

    it.each([
      ['a source of a NUL', { ...good, source: '\u0000' }, { source: CALENDAR_MESSAGES.source.invalidChars }],
      ['a source of invisible characters', { ...good, source: '\u200B\u2060' }, { source: CALENDAR_MESSAGES.source.required }],
      ['a holiday’s name with a line break', { ...good, days: [{ day: '2027-02-06', kind: 'off', name: '春\n节' }] }, { days: CALENDAR_MESSAGES.days.nameInvalidChars(1) }],
    ])('refuses %s', async (_name, body, fields) => {
      await expectRefused(await post(body), fields);
    });

    it('takes a readable year, and reads back its source as sent', async () => {
      expect((await post(good)).status).toBe(201);
      expect(await json(await staff('/calendar/years/2027', { cookie: admin.cookie }))).toMatchObject({ source: [good.source] });
    });

    it('takes a holiday’s name pasted with bidi marks round it, and keeps it as sent', async () => {
      const name = '\u2068春节\u2069';
      expect((await post({ ...good, days: [{ ...good.days[0], name }, good.days[1]] })).status).toBe(201);
      expect(await env.DB.prepare('select name from calendar_days where day = ?').bind('2027-02-06').first()).toEqual({ name });
      expect((await post(good)).status).toBe(201);
    });
  });

  it('refuses a notice’s source note with a NUL, and keeps a readable one', async () => {
    const notice = (sourceNote: string) => {
      const slug = `text-rules-${crypto.randomUUID().slice(0, 8)}`;
      const refPrefix = `T${String.fromCharCode(65 + Math.floor(Math.random() * 26))}${String.fromCharCode(65 + Math.floor(Math.random() * 26))}`;
      return staff('/notices', { method: 'POST', cookie: admin.cookie, body: { text: sample, title: '某局关于巡察整改进展情况的通报', issuer: '中共某区某局党组', slug, refPrefix, sourceNote } });
    };
    await expectRefused(await notice('区政府网站\u0000公告栏'), { sourceNote: noticeFieldMessages.sourceNote.invalidChars });
    const ok = await notice('区政府网站公告栏');
    expect(ok.status).toBe(201);
    const { slug } = await json<{ slug: string }>(ok);
    expect(await env.DB.prepare('select source_note from notices where slug = ?').bind(slug).first()).toEqual({ source_note: '区政府网站公告栏' });
  });

  it('refuses a bidi override or a line break in a notice’s title and issuer, an item’s number and a notification target’s name, as in every one-line label', async () => {
    const create = (fields: Record<string, string>) => {
      const slug = `one-line-${crypto.randomUUID().slice(0, 8)}`;
      return staff('/notices', { method: 'POST', cookie: admin.cookie, body: { text: sample, title: '某局关于巡察整改进展情况的通报', issuer: '中共某区某局党组', slug, refPrefix: 'OL', ...fields } });
    };
    await expectRefused(await create({ title: '整改\u202E通报abc' }), { title: noticeFieldMessages.title.invalidChars });
    await expectRefused(await create({ issuer: '中共某区\n某局党组' }), { issuer: noticeFieldMessages.issuer.invalidChars });
    const item = await env.DB.prepare('select id from items where notice_id = (select id from notices where slug = ?) limit 1').bind(SLUG).first<{ id: number }>();
    await expectRefused(await staff(`/notices/${SLUG}/items/${item!.id}`, { method: 'PATCH', cookie: admin.cookie, body: { label: '1.\u202E' } }), { label: noticeFieldMessages.label.invalidChars });
    await expectRefused(
      await staff('/notify-targets', { method: 'POST', cookie: admin.cookie, body: { kind: 'wecom', name: '城管\u202E群', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6' } }),
      { name: '渠道名称含有无法识别的字符，请重新填写' },
    );
  });
});
