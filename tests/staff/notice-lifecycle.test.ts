/**
 * The notices' lifecycle through the staff API: the list of every notice, the
 * changes of state (table-driven, each legal and illegal pair), closing dates,
 * edits of the notice's facts, compare-and-set on updated_at, and the audit
 * entry of each write.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NoticeState } from '../../worker/notice/lifecycle';
import { call } from '../helpers/api';
import { json, signedIn, staff, type TestUser } from './helpers';
import { auditOf, createNotice, noticeRow, shanghaiToday } from './notice-helpers';

let admin: TestUser;
beforeAll(async () => {
  admin = await signedIn('admin');
});

interface Detail {
  slug: string;
  state: NoticeState;
  closedOn: string | null;
  title: string;
  issuer: string;
  publishedOn: string | null;
  refPrefix: string;
  updatedAt: number;
  transitions: NoticeState[];
  lockedFields: string[];
}

const changeState = (slug: string, body: Record<string, unknown>, cookie = admin.cookie) =>
  staff(`/notices/${slug}/state`, { method: 'POST', cookie, body });
const edit = (slug: string, body: Record<string, unknown>) => staff(`/notices/${slug}`, { method: 'PATCH', cookie: admin.cookie, body });

describe('GET /api/staff/notices', () => {
  it('lists every notice in every state with its counts, the latest added first', async () => {
    const draft = await createNotice({ state: 'draft' });
    const archived = await createNotice({ state: 'archived', closedOn: '2026-01-05' });
    await env.DB.prepare(`insert into feedback (ref, query_code_hash, notice_id, kind, content, anonymous, received_at, acknowledge_by, reply_by, updated_at)
      values (?, 'x', ?, 'opinion', '宣传栏仍未更新。', 1, 0, '2026-01-01', '2026-01-01', 0)`).bind(`TS-0101-${crypto.randomUUID().slice(0, 4)}`, archived.id).run();

    const res = await staff('/notices', { cookie: admin.cookie });
    expect(res.status).toBe(200);
    const { notices } = await json<{ notices: Array<Record<string, unknown>> }>(res);
    const slugs = notices.map((n) => n.slug);
    expect(slugs.indexOf(archived.slug)).toBeLessThan(slugs.indexOf(draft.slug));
    expect(notices.find((n) => n.slug === archived.slug)).toMatchObject({ state: 'archived', closedOn: '2026-01-05', itemCount: 2, feedbackCount: 1, issuer: '测试街道办事处' });
    expect(notices.find((n) => n.slug === draft.slug)).toMatchObject({ state: 'draft', closedOn: null, itemCount: 2, feedbackCount: 0, publishedOn: null });
  });

  it('shows one notice in any state with the states it may move to and the fields still open', async () => {
    const draft = await createNotice({ state: 'draft' });
    const d = await json<Detail>(await staff(`/notices/${draft.slug}`, { cookie: admin.cookie }));
    expect(d).toMatchObject({ slug: draft.slug, state: 'draft', transitions: ['published'], lockedFields: [], updatedAt: 0 });
    const published = await createNotice();
    const p = await json<Detail>(await staff(`/notices/${published.slug}`, { cookie: admin.cookie }));
    expect(p).toMatchObject({ state: 'published', transitions: ['closed', 'archived'], lockedFields: ['slug', 'refPrefix'] });
  });

  it('answers an unknown or malformed slug with 404', async () => {
    for (const slug of ['no-such-notice', 'Bad_Slug']) {
      const res = await staff(`/notices/${slug}`, { cookie: admin.cookie });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'notice_not_found', message: '找不到这份通报' } });
    }
  });
});

describe('POST /api/staff/notices/:slug/state', () => {
  const LEGAL: Array<[NoticeState, NoticeState]> = [
    ['draft', 'published'], ['published', 'closed'], ['closed', 'published'], ['published', 'archived'], ['closed', 'archived'], ['archived', 'closed'],
  ];
  const ILLEGAL: Array<[NoticeState, NoticeState, string]> = [
    ['draft', 'closed', '不能把“草稿”的通报改为“已停止接收反馈”'],
    ['draft', 'archived', '不能把“草稿”的通报改为“已归档”'],
    ['published', 'draft', '通报发布后不能退回草稿：公众已经看到，反馈编号也已发出'],
    ['closed', 'draft', '通报发布后不能退回草稿：公众已经看到，反馈编号也已发出'],
    ['archived', 'published', '已归档的通报不能直接重新接收反馈：请先恢复为“已停止接收反馈”，确认无误后再重新开放反馈'],
    ['archived', 'draft', '通报发布后不能退回草稿：公众已经看到，反馈编号也已发出'],
    ['published', 'published', '这份通报已经是“已发布”，无需更改'],
    ['closed', 'closed', '这份通报已经是“已停止接收反馈”，无需更改'],
  ];

  it.each(LEGAL)('moves a notice from %s to %s, audited with before and after', async (from, to) => {
    const n = await createNotice({ state: from, closedOn: from === 'published' ? null : '2026-01-05' });
    const res = await changeState(n.slug, { to });
    expect(res.status).toBe(200);
    const d = await json<Detail>(res);
    expect(d.state).toBe(to);
    expect((await noticeRow(n.slug))!.state).toBe(to);
    expect(d.updatedAt).toBeGreaterThan(0);
    const [entry] = await auditOf('notice', n.id);
    expect(entry).toMatchObject({ action: 'notice.state', actorId: admin.id, before: { slug: n.slug, state: from }, after: { slug: n.slug, state: to } });
  });

  it.each(ILLEGAL)('refuses %s → %s with 409 and writes nothing', async (from, to, message) => {
    const n = await createNotice({ state: from, closedOn: from === 'published' ? null : '2026-01-05' });
    const before = await noticeRow(n.slug);
    const res = await changeState(n.slug, { to });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'illegal_transition', message } });
    expect(await noticeRow(n.slug)).toEqual(before);
    expect(await auditOf('notice', n.id)).toEqual([]);
  });

  it('closes feedback today (Asia/Shanghai) unless told the day, and reopening clears the day', async () => {
    const n = await createNotice({ publishedOn: '2026-01-02' });
    const closed = await json<Detail>(await changeState(n.slug, { to: 'closed' }));
    expect(closed.closedOn).toBe(shanghaiToday());

    const reopened = await json<Detail>(await changeState(n.slug, { to: 'published' }));
    expect(reopened.closedOn).toBeNull();
    expect((await noticeRow(n.slug))!.closed_on).toBeNull();

    const again = await json<Detail>(await changeState(n.slug, { to: 'closed', closedOn: '2026-01-31' }));
    expect(again.closedOn).toBe('2026-01-31');
  });

  it('keeps the closing day through archiving and unarchiving, and sets it when a published notice is archived', async () => {
    const closed = await createNotice({ state: 'closed', closedOn: '2026-01-05' });
    expect((await json<Detail>(await changeState(closed.slug, { to: 'archived' }))).closedOn).toBe('2026-01-05');
    expect((await json<Detail>(await changeState(closed.slug, { to: 'closed' }))).closedOn).toBe('2026-01-05');
    const published = await createNotice();
    expect((await json<Detail>(await changeState(published.slug, { to: 'archived' }))).closedOn).toBe(shanghaiToday());
  });

  const BAD_INPUT: Array<[string, Record<string, unknown>, Record<string, string>]> = [
    ['no target', {}, { to: '请选择通报要改为的状态：已发布、已停止接收反馈或已归档' }],
    ['an unknown target', { to: 'deleted' }, { to: '请选择通报要改为的状态：已发布、已停止接收反馈或已归档' }],
    ['a day that does not exist', { to: 'closed', closedOn: '2026-02-30' }, { closedOn: '请填写停止接收反馈的日期，格式如 2026-11-27' }],
    ['a day in the wrong format', { to: 'closed', closedOn: '2026/1/5' }, { closedOn: '请填写停止接收反馈的日期，格式如 2026-11-27' }],
    ['a day in the future', { to: 'closed', closedOn: '2099-01-01' }, { closedOn: '停止接收反馈的日期不能晚于今天' }],
    ['a day before the notice was published', { to: 'closed', closedOn: '2025-12-31' }, { closedOn: '停止接收反馈的日期不能早于通报的发布日期（2026年1月2日）' }],
    ['a version that is not a number', { to: 'closed', updatedAt: 'yesterday' }, { updatedAt: '页面数据有误，请刷新页面后重试' }],
  ];

  it.each(BAD_INPUT)('answers %s with 422 at the field', async (_what, body, fields) => {
    const n = await createNotice({ publishedOn: '2026-01-02' });
    const res = await changeState(n.slug, body);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields } });
    expect((await noticeRow(n.slug))!.state).toBe('published');
  });

  it('refuses a closing day when the change does not stop feedback', async () => {
    const n = await createNotice({ state: 'closed', closedOn: '2026-01-05' });
    const res = await changeState(n.slug, { to: 'published', closedOn: '2026-01-06' });
    expect(res.status).toBe(422);
    expect((await json<{ error: { fields: unknown } }>(res)).error.fields).toEqual({ closedOn: '只有停止接收反馈（关闭或归档已发布的通报）时才能填写停止日期' });
  });

  it('refuses a change made on a stale read with 409 stale, and accepts one made on the current version', async () => {
    const n = await createNotice();
    const read = await json<Detail>(await staff(`/notices/${n.slug}`, { cookie: admin.cookie }));
    const closed = await json<Detail>(await changeState(n.slug, { to: 'closed', updatedAt: read.updatedAt }));
    expect(closed.updatedAt).toBeGreaterThan(read.updatedAt);

    const stale = await changeState(n.slug, { to: 'published', updatedAt: read.updatedAt });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual({ error: { code: 'stale', message: '这份通报刚刚被其他人更新，请刷新页面后重试' } });
    expect((await noticeRow(n.slug))!.state).toBe('closed');
    expect((await auditOf('notice', n.id)).length).toBe(1);

    expect((await changeState(n.slug, { to: 'published', updatedAt: closed.updatedAt })).status).toBe(200);
  });

  it('answers an unknown notice with 404', async () => {
    const res = await changeState('no-such-notice', { to: 'closed' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'notice_not_found', message: '找不到这份通报' } });
  });

  it('publishes a draft: it answers at its address and joins the home list', async () => {
    const n = await createNotice({ state: 'draft' });
    expect((await call(`/api/notices/${n.slug}`)).status).toBe(404);
    await changeState(n.slug, { to: 'published' });
    expect((await call(`/api/notices/${n.slug}`)).status).toBe(200);
    const { notices } = (await (await call('/api/notices')).json()) as { notices: Array<{ slug: string }> };
    expect(notices.map((x) => x.slug)).toContain(n.slug);
  });
});

describe('PATCH /api/staff/notices/:slug', () => {
  it('edits the title, issuer and date of a published notice, auditing only what changed', async () => {
    const n = await createNotice({ publishedOn: '2026-01-02' });
    const res = await edit(n.slug, { title: '  更正后的标题  ', issuer: '测试街道办事处', publishedOn: '2026-01-03' });
    expect(res.status).toBe(200);
    expect(await json<Detail>(res)).toMatchObject({ title: '更正后的标题', issuer: '测试街道办事处', publishedOn: '2026-01-03' });
    expect(await auditOf('notice', n.id)).toEqual([
      {
        action: 'notice.edit', actorId: admin.id,
        before: { slug: n.slug, title: `测试通报 ${n.slug}`, publishedOn: '2026-01-02' },
        after: { slug: n.slug, title: '更正后的标题', publishedOn: '2026-01-03' },
      },
    ]);
    expect((await noticeRow(n.slug))!.source_text).toBe('测试通报原文');
  });

  it('writes nothing when nothing differs', async () => {
    const n = await createNotice();
    const before = await noticeRow(n.slug);
    const res = await edit(n.slug, { title: `测试通报 ${n.slug}`, slug: n.slug, refPrefix: 'TS' });
    expect(res.status).toBe(200);
    expect(await noticeRow(n.slug)).toEqual(before);
    expect(await auditOf('notice', n.id)).toEqual([]);
  });

  it('changes the slug and the reference prefix of a draft', async () => {
    const n = await createNotice({ state: 'draft' });
    const slug = `renamed-${crypto.randomUUID().slice(0, 8)}`;
    const res = await edit(n.slug, { slug, refPrefix: 'XY' });
    expect(res.status).toBe(200);
    expect(await json<Detail>(res)).toMatchObject({ slug, refPrefix: 'XY' });
    expect((await staff(`/notices/${n.slug}`, { cookie: admin.cookie })).status).toBe(404);
    expect((await auditOf('notice', n.id))[0]).toMatchObject({ action: 'notice.edit', before: { slug: n.slug, refPrefix: 'TS' }, after: { slug, refPrefix: 'XY' } });
  });

  it.each([
    ['slug', { slug: 'another-address' }, '通报发布后不能再修改网址：已分享出去的链接会失效'],
    ['refPrefix', { refPrefix: 'ZZ' }, '通报发布后不能再修改编号前缀：已发出的反馈编号都以它开头'],
  ])('refuses a new %s once published with 409, naming the field', async (field, body, message) => {
    const n = await createNotice({ state: 'closed', closedOn: '2026-01-05' });
    const before = await noticeRow(n.slug);
    const res = await edit(n.slug, body);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'not_editable', message, fields: { [field]: message } } });
    expect(await noticeRow(n.slug)).toEqual(before);
  });

  it('refuses a slug another notice has with 409', async () => {
    const taken = await createNotice();
    const n = await createNotice({ state: 'draft' });
    const res = await edit(n.slug, { slug: taken.slug });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'slug_taken', message: '这个网址已被另一份通报使用，请换一个', fields: { slug: '这个网址已被另一份通报使用，请换一个' } } });
  });

  it('refuses a reference prefix another notice has with 409', async () => {
    await createNotice();
    const n = await createNotice({ state: 'draft' });
    await env.DB.prepare("update notices set ref_prefix = 'QQ' where slug = ?").bind(n.slug).run();
    const res = await edit(n.slug, { refPrefix: 'TS' });
    expect(res.status).toBe(409);
    const message = '这个编号前缀已被另一份通报使用，请换一个：每份通报的反馈编号要能一眼区分';
    expect(await res.json()).toEqual({ error: { code: 'prefix_taken', message, fields: { refPrefix: message } } });
  });

  const BAD: Array<[string, Record<string, unknown>, Record<string, string>]> = [
    ['an empty title', { title: '   ' }, { title: '请填写通报标题' }],
    ['a title of 201 characters', { title: '题'.repeat(201) }, { title: '通报标题不能超过 200 个字' }],
    ['a title with a control character', { title: '标题\u0007' }, { title: '通报标题含有无法识别的字符，请删除后再保存' }],
    ['an issuer that is not text', { issuer: 7 }, { issuer: '请填写发布机关' }],
    ['a date that does not exist', { publishedOn: '2026-13-01' }, { publishedOn: '请填写发布日期，格式如 2026-11-27；通报没有写明日期的可以留空' }],
    ['a date in the future', { publishedOn: '2099-01-01' }, { publishedOn: '发布日期不能晚于今天' }],
    ['a lower-case prefix', { refPrefix: 'dx' }, { refPrefix: '编号前缀须为 2 至 3 个大写英文字母，如 DX' }],
    ['a slug the console uses for a screen', { slug: 'new' }, { slug: '这个网址是系统保留的，请换一个，如 dongxiao-2023' }],
    ['a slug with capitals', { slug: 'Dongxiao' }, { slug: '网址只能用小写英文字母、数字和连字符（-），以字母或数字开头，最多 100 个字符，如 dongxiao-2023' }],
    ['an empty title and a future date', { title: '', publishedOn: '2099-01-01' }, { title: '请填写通报标题', publishedOn: '发布日期不能晚于今天' }],
  ];

  it.each(BAD)('answers %s with 422 at the field and changes nothing', async (_what, body, fields) => {
    const n = await createNotice({ state: 'draft' });
    const before = await noticeRow(n.slug);
    const res = await edit(n.slug, body);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields } });
    expect(await noticeRow(n.slug)).toEqual(before);
  });

  it('clears the date when sent null', async () => {
    const n = await createNotice({ publishedOn: '2026-01-02' });
    expect((await json<Detail>(await edit(n.slug, { publishedOn: null }))).publishedOn).toBeNull();
  });

  it('refuses an edit on a stale read', async () => {
    const n = await createNotice();
    const read = await json<Detail>(await staff(`/notices/${n.slug}`, { cookie: admin.cookie }));
    await changeState(n.slug, { to: 'closed' });
    const res = await edit(n.slug, { title: '新标题', updatedAt: read.updatedAt });
    expect(res.status).toBe(409);
    expect((await json<{ error: { code: string } }>(res)).error.code).toBe('stale');
  });

  it('answers other methods with 405', async () => {
    const n = await createNotice();
    expect((await staff(`/notices/${n.slug}`, { method: 'DELETE', cookie: admin.cookie })).status).toBe(405);
    expect((await staff(`/notices/${n.slug}/state`, { method: 'PUT', cookie: admin.cookie, body: {} })).status).toBe(405);
  });
});
