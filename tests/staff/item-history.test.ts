/**
 * Items over time through the staff API: edits of an item's wording (audited,
 * the verbatim source kept), changes of its status with a date and a public
 * note, and what each refuses.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../helpers/api';
import { json, signedIn, staff, type TestUser } from './helpers';
import { auditOf, createNotice, noticeRow, shanghaiToday, type NoticeOptions, type TestNotice } from './notice-helpers';

let admin: TestUser;
beforeAll(async () => {
  admin = await signedIn('admin');
});

interface Item {
  id: number;
  label: string;
  title: string;
  body: string;
  measures: string;
  status: string;
  statusText: string | null;
  history: Array<{ id: number; changedOn: string; from: string; to: string; note: string }>;
}
interface Detail {
  updatedAt: number;
  parts: Array<{ items: Item[] }>;
}

const itemPath = (n: TestNotice, id = n.items[0]) => `/notices/${n.slug}/items/${id}`;
const editItem = (n: TestNotice, body: Record<string, unknown>, id = n.items[0]) => staff(itemPath(n, id), { method: 'PATCH', cookie: admin.cookie, body });
const changeStatus = (n: TestNotice, body: Record<string, unknown>, id = n.items[0]) =>
  staff(`${itemPath(n, id)}/status`, { method: 'POST', cookie: admin.cookie, body });
const itemIn = (d: Detail, id: number) => d.parts.flatMap((p) => p.items).find((i) => i.id === id)!;
const itemRow = (id: number) => env.DB.prepare('select label, title, body, measures, status_text, status from items where id = ?').bind(id).first();
const historyRows = (id: number) => env.DB.prepare('select changed_on, from_status, to_status, note, actor_id from item_status_changes where item_id = ? order by id').bind(id).all().then((r) => r.results);

async function notice(opts: NoticeOptions = {}) {
  return createNotice({ publishedOn: '2026-01-02', ...opts });
}

describe('PATCH /api/staff/notices/:slug/items/:id', () => {
  it('corrects the wording and numbering of a published item, audits before and after, and keeps the source text', async () => {
    const n = await notice();
    const res = await editItem(n, { label: '（一）', title: '关于宣传栏内容长期未更新的问题', measures: '一是建立台账。二是每月更新。', statusText: '持续整改。' });
    expect(res.status).toBe(200);
    expect(itemIn(await json<Detail>(res), n.items[0])).toMatchObject({ label: '（一）', title: '关于宣传栏内容长期未更新的问题', measures: '一是建立台账。二是每月更新。', statusText: '持续整改。' });
    expect(await auditOf('item', n.items[0])).toEqual([
      {
        action: 'item.edit', actorId: admin.id,
        before: { notice: n.slug, label: '1.', title: '关于宣传栏内容陈旧的问题', measures: '一是建立台账。' },
        after: { notice: n.slug, label: '（一）', title: '关于宣传栏内容长期未更新的问题', measures: '一是建立台账。二是每月更新。' },
      },
    ]);
    expect((await noticeRow(n.slug))!.source_text).toBe('测试通报原文');
    const pub = (await (await call(`/api/notices/${n.slug}`)).json()) as Detail;
    expect(itemIn(pub, n.items[0]).title).toBe('关于宣传栏内容长期未更新的问题');
  });

  it('removes the status line when statusText is null', async () => {
    const n = await notice();
    const d = await json<Detail>(await editItem(n, { statusText: null }));
    expect(itemIn(d, n.items[0]).statusText).toBeNull();
  });

  it('writes nothing when nothing differs', async () => {
    const n = await notice();
    const res = await editItem(n, { title: '关于宣传栏内容陈旧的问题', label: '1.' });
    expect(res.status).toBe(200);
    expect(await auditOf('item', n.items[0])).toEqual([]);
    expect((await noticeRow(n.slug))!.updated_at).toBe(0);
  });

  it('corrects the status of a draft item without recording a change', async () => {
    const n = await notice({ state: 'draft' });
    const d = await json<Detail>(await editItem(n, { status: 'completed' }));
    expect(itemIn(d, n.items[0])).toMatchObject({ status: 'completed', history: [] });
    expect(await historyRows(n.items[0])).toEqual([]);
  });

  it('refuses a plain status edit once published, pointing to the change of status', async () => {
    const n = await notice();
    const res = await editItem(n, { status: 'completed' });
    expect(res.status).toBe(409);
    const message = '通报已发布：事项状态的变化请用“变更状态”记录日期和说明，公众会在该事项下方看到';
    expect(await res.json()).toEqual({ error: { code: 'not_editable', message, fields: { status: message } } });
    expect((await itemRow(n.items[0]))!.status).toBe('in_progress');
  });

  const BAD: Array<[string, Record<string, unknown>, Record<string, string>]> = [
    ['an empty title', { title: ' ' }, { title: '请填写事项标题' }],
    ['a title of 1001 characters', { title: '题'.repeat(1001) }, { title: '事项标题不能超过 1000 个字' }],
    ['a label of 21 characters', { label: '一'.repeat(21) }, { label: '编号不能超过 20 个字' }],
    ['measures with a control character', { measures: '措施\u0000' }, { measures: '整改措施含有无法识别的字符，请删除后再保存' }],
    ['a body that is not text', { body: ['正文'] }, { body: '事项正文不能超过 20000 个字' }],
    ['an unknown status', { status: 'done' }, { status: '请选择整改状态：已完成、正在整改、长期坚持或未注明' }],
    ['two bad fields', { title: '', statusText: '情况\u0001' }, { title: '请填写事项标题', statusText: '整改落实情况含有无法识别的字符，请删除后再保存' }],
  ];

  it.each(BAD)('answers %s with 422 at the field and changes nothing', async (_what, body, fields) => {
    const n = await notice();
    const before = await itemRow(n.items[0]);
    const res = await editItem(n, body);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields } });
    expect(await itemRow(n.items[0])).toEqual(before);
  });

  it('answers an item of another notice, or none, with 404', async () => {
    const n = await notice();
    const other = await notice();
    for (const id of [other.items[0], 99_999_999]) {
      const res = await editItem(n, { title: '新标题' }, id);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'item_not_found', message: '找不到这项整改事项' } });
    }
    expect((await itemRow(other.items[0]))!.title).toBe('关于宣传栏内容陈旧的问题');
  });

  it('refuses an edit made on a stale read of the notice', async () => {
    const n = await notice();
    const read = await json<Detail>(await staff(`/notices/${n.slug}`, { cookie: admin.cookie }));
    await editItem(n, { title: '别人先改了' }, n.items[1]);
    const res = await editItem(n, { title: '我的修改', updatedAt: read.updatedAt });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'stale', message: '这份通报刚刚被其他人更新，请刷新页面后重试' } });
    expect((await itemRow(n.items[0]))!.title).toBe('关于宣传栏内容陈旧的问题');
  });
});

describe('POST /api/staff/notices/:slug/items/:id/status', () => {
  it('changes the status today with a public note, records the change, audits it, and moves the notice’s version', async () => {
    const n = await notice();
    const res = await changeStatus(n, { status: 'completed', note: '  宣传栏已全部更新。  ' });
    expect(res.status).toBe(200);
    const d = await json<Detail>(res);
    expect(itemIn(d, n.items[0])).toMatchObject({
      status: 'completed',
      history: [{ id: expect.any(Number), changedOn: shanghaiToday(), from: 'in_progress', to: 'completed', note: '宣传栏已全部更新。' }],
    });
    expect(d.updatedAt).toBeGreaterThan(0);
    expect(await historyRows(n.items[0])).toEqual([{ changed_on: shanghaiToday(), from_status: 'in_progress', to_status: 'completed', note: '宣传栏已全部更新。', actor_id: admin.id }]);
    expect(await auditOf('item', n.items[0])).toEqual([
      {
        action: 'item.status', actorId: admin.id,
        before: { notice: n.slug, status: 'in_progress' },
        after: { notice: n.slug, status: 'completed', changedOn: shanghaiToday(), note: '宣传栏已全部更新。' },
      },
    ]);
  });

  it('keeps the changes in order, each from the status the one before left, on a closed notice too', async () => {
    const n = await notice({ state: 'closed', closedOn: '2026-02-01' });
    await changeStatus(n, { status: 'completed', changedOn: '2026-03-01', note: '已完成。' });
    const d = await json<Detail>(await changeStatus(n, { status: 'long_term', changedOn: '2026-03-01', note: '转为长期坚持。' }));
    expect(itemIn(d, n.items[0]).history.map((h) => [h.changedOn, h.from, h.to])).toEqual([
      ['2026-03-01', 'in_progress', 'completed'],
      ['2026-03-01', 'completed', 'long_term'],
    ]);
  });

  it('refuses a status the item already has with 409', async () => {
    const n = await notice();
    const res = await changeStatus(n, { status: 'in_progress', note: '仍在整改。' });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'status_unchanged', message: '这项整改事项已经是“正在整改”，无需变更' } });
    expect(await historyRows(n.items[0])).toEqual([]);
  });

  it('refuses a change of status on a draft with 409', async () => {
    const n = await notice({ state: 'draft' });
    const res = await changeStatus(n, { status: 'completed', note: '已完成。' });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'notice_draft', message: '通报尚未发布：草稿中的事项状态请直接更正，不需要记录变更' } });
  });

  const BAD: Array<[string, Record<string, unknown>, Record<string, string>]> = [
    ['no note', { status: 'completed' }, { note: '请填写变更说明，说明会公开显示在该事项下方' }],
    ['a blank note', { status: 'completed', note: '   ' }, { note: '请填写变更说明，说明会公开显示在该事项下方' }],
    ['a note of 501 characters', { status: 'completed', note: '说'.repeat(501) }, { note: '变更说明不能超过 500 个字' }],
    ['a note with a control character', { status: 'completed', note: '说明\u0008' }, { note: '变更说明含有无法识别的字符，请删除后再提交' }],
    ['no status', { note: '已完成。' }, { status: '请选择整改状态：已完成、正在整改、长期坚持或未注明' }],
    ['a day in the future', { status: 'completed', note: '已完成。', changedOn: '2099-01-01' }, { changedOn: '状态变更的日期不能晚于今天' }],
    ['a day that does not exist', { status: 'completed', note: '已完成。', changedOn: '2026-02-29' }, { changedOn: '请填写状态变更的日期，格式如 2026-11-27' }],
    ['a day before the notice', { status: 'completed', note: '已完成。', changedOn: '2026-01-01' }, { changedOn: '状态变更的日期不能早于通报的发布日期（2026年1月2日）' }],
    ['a future day and no note', { status: 'completed', changedOn: '2099-01-01' }, { note: '请填写变更说明，说明会公开显示在该事项下方', changedOn: '状态变更的日期不能晚于今天' }],
  ];

  it.each(BAD)('answers %s with 422 at the field and records nothing', async (_what, body, fields) => {
    const n = await notice();
    const res = await changeStatus(n, body);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields } });
    expect(await historyRows(n.items[0])).toEqual([]);
    expect((await itemRow(n.items[0]))!.status).toBe('in_progress');
  });

  it('refuses a day before the item’s last change', async () => {
    const n = await notice();
    await changeStatus(n, { status: 'completed', changedOn: '2026-03-10', note: '已完成。' });
    const res = await changeStatus(n, { status: 'in_progress', changedOn: '2026-03-09', note: '发现反复。' });
    expect(res.status).toBe(422);
    expect((await json<{ error: { fields: unknown } }>(res)).error.fields).toEqual({ changedOn: '状态变更的日期不能早于这项事项上一次变更的日期（2026年3月10日）' });
  });

  it('refuses a change made on a stale read and records nothing', async () => {
    const n = await notice();
    const read = await json<Detail>(await staff(`/notices/${n.slug}`, { cookie: admin.cookie }));
    await changeStatus(n, { status: 'completed', note: '已完成。' });
    const res = await changeStatus(n, { status: 'long_term', note: '长期坚持。', updatedAt: read.updatedAt }, n.items[1]);
    expect(res.status).toBe(409);
    expect((await json<{ error: { code: string } }>(res)).error.code).toBe('stale');
    expect(await historyRows(n.items[1])).toEqual([]);
    expect((await auditOf('item', n.items[1]))).toEqual([]);
  });

  it('answers an unknown notice or item with 404', async () => {
    const n = await notice();
    const unknownNotice = await staff(`/notices/no-such-notice/items/${n.items[0]}/status`, { method: 'POST', cookie: admin.cookie, body: { status: 'completed', note: '已完成。' } });
    expect(unknownNotice.status).toBe(404);
    expect(await unknownNotice.json()).toEqual({ error: { code: 'notice_not_found', message: '找不到这份通报' } });
    const unknownItem = await changeStatus(n, { status: 'completed', note: '已完成。' }, 99_999_999);
    expect(unknownItem.status).toBe(404);
    expect(await unknownItem.json()).toEqual({ error: { code: 'item_not_found', message: '找不到这项整改事项' } });
  });
});
