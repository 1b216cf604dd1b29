/**
 * What the public sees of a notice in each state: a closed one stays readable
 * and refuses feedback with the date it closed, an archived one leaves the home
 * list but answers at its address, a draft does not exist publicly; and an
 * item's status history, in the API and in the server-rendered page.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedIn, staff, type TestUser } from '../staff/helpers';
import { createNotice, type TestNotice } from '../staff/notice-helpers';
import { call, postJson, seedSample, SLUG, validFeedback, type ErrorJson } from '../helpers/api';

let admin: TestUser;
let closed: TestNotice;
let archived: TestNotice;
let draft: TestNotice;
let older: TestNotice;

function embedded(html: string): { page: string; [k: string]: unknown } {
  return JSON.parse(/<script id="page-data" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!);
}

const feedbackCount = async (noticeId: number) =>
  (await env.DB.prepare('select count(*) as n from feedback where notice_id = ?').bind(noticeId).first<{ n: number }>())!.n;

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  older = await createNotice({ publishedOn: '2025-06-30', title: '较早的通报', issuer: '测试区政府' });
  closed = await createNotice({ state: 'closed', publishedOn: '2026-01-02', closedOn: '2026-01-05', title: '已截止的通报' });
  archived = await createNotice({ state: 'archived', publishedOn: '2026-02-01', closedOn: '2026-03-01', title: '已归档的通报' });
  draft = await createNotice({ state: 'draft', publishedOn: '2026-03-01', title: '草稿通报' });
});

describe('a notice closed for feedback', () => {
  const message = '这份通报已于 2026年1月5日 停止接收反馈，您仍可以阅读通报和查询已提交的反馈';

  it('refuses public feedback with 409 and the date it closed, storing nothing', async () => {
    const res = await postJson('/api/feedback', validFeedback({ noticeSlug: closed.slug, itemId: closed.items[0] }));
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'notice_closed', message } });
    expect(await feedbackCount(closed.id)).toBe(0);
  });

  it('still answers in the API, with its state and closing date', async () => {
    const res = await call(`/api/notices/${closed.slug}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ slug: closed.slug, state: 'closed', closedOn: '2026-01-05' });
  });

  it('renders the notice with the closing date and without any 我要监督', async () => {
    const res = await call(`/n/${closed.slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('关于宣传栏内容陈旧的问题');
    expect(html).toContain('已停止接收反馈');
    expect(html).toContain(`${message}。`);
    expect(html).not.toContain('我要监督');
    expect(html).not.toContain('对整份通报提意见');
    expect(html).not.toContain(`/n/${closed.slug}/feedback`);
    expect(html).toContain('这份通报已停止接收反馈。');
  });

  it('shows the closed message with the date instead of the form, and links back to the notice', async () => {
    const res = await call(`/n/${closed.slug}/feedback?item=${closed.items[0]}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>已停止接收反馈 - 整改监督</title>');
    expect(html).toContain(`${message}。`);
    expect(html).toContain(`href="/n/${closed.slug}"`);
    expect(html).toContain('href="/track"');
    // No feedback form: the only form is 大字's.
    expect([...html.matchAll(/<form [^>]*>/g)].map((m) => m[0])).toEqual(['<form method="post" action="/large-text">']);
    expect(embedded(html)).toEqual({ page: 'feedback-closed', notice: { slug: closed.slug, title: '已截止的通报', state: 'closed', closedOn: '2026-01-05' }, back: `/n/${closed.slug}/feedback` });
  });
});

describe('an archived notice', () => {
  it('is not on the home list, in the API or on the page', async () => {
    const { notices } = (await (await call('/api/notices')).json()) as { notices: Array<{ slug: string }> };
    expect(notices.map((n) => n.slug)).not.toContain(archived.slug);
    expect(await (await call('/')).text()).not.toContain('已归档的通报');
  });

  it('still answers at its address, as a closed notice that also says it is archived', async () => {
    expect((await call(`/api/notices/${archived.slug}`)).status).toBe(200);
    const html = await (await call(`/n/${archived.slug}`)).text();
    expect(html).toContain('已归档 · 已停止接收反馈');
    expect(html).toContain('这份通报已于 2026年3月1日 停止接收反馈');
    expect(html).not.toContain('我要监督');
    const form = await (await call(`/n/${archived.slug}/feedback`)).text();
    expect(form).toContain('已归档');
    expect(form).not.toContain(`<form method="post" action="/n/`);
  });

  it('refuses public feedback with 409', async () => {
    const res = await postJson('/api/feedback', validFeedback({ noticeSlug: archived.slug }));
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorJson).error.code).toBe('notice_closed');
  });
});

describe('a draft', () => {
  it('does not exist publicly: 404 in the API, on its page and its form, and for feedback', async () => {
    expect((await call(`/api/notices/${draft.slug}`)).status).toBe(404);
    expect((await call(`/n/${draft.slug}`)).status).toBe(404);
    expect((await call(`/n/${draft.slug}/feedback`)).status).toBe(404);
    const res = await postJson('/api/feedback', validFeedback({ noticeSlug: draft.slug }));
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorJson).error.code).toBe('notice_not_found');
    const { notices } = (await (await call('/api/notices')).json()) as { notices: Array<{ slug: string }> };
    expect(notices.map((n) => n.slug)).not.toContain(draft.slug);
  });
});

describe('the home list with several live notices', () => {
  it('lists published and closed notices newest first, undated ones last, with state and closing date', async () => {
    const { notices } = (await (await call('/api/notices')).json()) as { notices: Array<Record<string, unknown>> };
    expect(notices.map((n) => n.slug)).toEqual([closed.slug, older.slug, SLUG]);
    expect(notices[0]).toEqual({ slug: closed.slug, title: '已截止的通报', issuer: '测试街道办事处', publishedOn: '2026-01-02', state: 'closed', closedOn: '2026-01-05', itemCount: 2 });
  });

  it('shows the list at / instead of redirecting, each with its issuer and date, closed ones marked', async () => {
    const res = await call('/', { redirect: 'manual' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('测试街道办事处 · 2026年1月2日 · 共 2 项 · 已停止接收反馈');
    expect(html).toContain('测试区政府 · 2025年6月30日 · 共 2 项');
    expect(html.indexOf('已截止的通报')).toBeLessThan(html.indexOf('较早的通报'));
    expect(html.indexOf('较早的通报')).toBeLessThan(html.indexOf('东晓街道党工委关于信访领域专项巡察整改情况的通报'));
  });
});

describe('an item’s status history', () => {
  let item: number;
  let slug: string;
  beforeAll(async () => {
    const n = await createNotice({ publishedOn: '2026-01-02', title: '有状态变化的通报' });
    item = n.items[0];
    const res = await staff(`/notices/${n.slug}/items/${item}/status`, {
      method: 'POST', cookie: admin.cookie, body: { status: 'completed', changedOn: '2026-03-01', note: '宣传栏已全部更新，并建立每月检查制度。' },
    });
    expect(res.status).toBe(200);
    slug = n.slug;
  });

  it('is in the public API under the item', async () => {
    const notice = (await (await call(`/api/notices/${slug}`)).json()) as { parts: Array<{ items: Array<{ id: number; status: string; history: unknown[] }> }> };
    const found = notice.parts[0]!.items.find((i) => i.id === item)!;
    expect(found.status).toBe('completed');
    expect(found.history).toEqual([{ id: expect.any(Number), changedOn: '2026-03-01', from: 'in_progress', to: 'completed', note: '宣传栏已全部更新，并建立每月检查制度。' }]);
  });

  it('is rendered under the item with its date, the change and the note, and the badge shows the new status', async () => {
    const html = await (await call(`/n/${slug}`)).text();
    expect(html).toContain('整改状态变化');
    expect(html).toMatch(/<time datetime="2026-03-01">2026年3月1日<\/time> 由“正在整改”改为“已完成”：宣传栏已全部更新，并建立每月检查制度。/);
    expect(html).toContain('<span class="badge badge-completed">已完成</span>');
    // The notice's own wording (持续整改。) is out of date, and the page carries it nowhere.
    expect(html).not.toContain('持续整改');
    const other = await (await call(`/n/${SLUG}`)).text();
    expect(other).not.toContain('整改状态变化');
  });
});
