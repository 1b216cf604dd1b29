/**
 * Clearing a flood in one step: the inbox's `source` and `around` filters, the
 * short fingerprint (来源标识) on the inbox and the feedback, and
 * POST /api/staff/sources/:source/spam, which marks as spam what one client sent
 * in the hour around a feedback: only what the workflow lets go to spam, only in
 * the user's scope, only as the caller read it, with one audit entry and a
 * timeline event on each feedback. The address is never stored, so never shown;
 * the whole fingerprint is not shown either.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_SPAM_MAX, type SourceFigures } from '../../worker/staff/sources';
import { staffErrors, staffFieldMessages } from '../../worker/staff/messages';
import { call, itemIdAt, seedSample, SLUG } from '../helpers/api';
import { newClient, sampleNoticeId, storeFeedback, type StoredFeedback } from './flood-helpers';
import { createDepartment, json, signedIn, staff, type TestUser } from './helpers';

const MINUTE = 60_000;
let noticeId: number;
let itemId: number;
let departmentA: number;
let departmentB: number;
let admin: TestUser;
let handler: TestUser;
let handlerA: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  await seedSample();
  noticeId = await sampleNoticeId();
  itemId = await itemIdAt(1, 3, 0);
  [departmentA, departmentB] = [await createDepartment(), await createDepartment()];
  admin = await signedIn('admin');
  handler = await signedIn('handler');
  handlerA = await signedIn('handler', { departmentId: departmentA });
  viewer = await signedIn('viewer');
});

/** A moment of its own for each test, hours from any other, so that no hour around it holds another test's rows. */
let hours = 0;
function aMoment(): number {
  hours += 3;
  return Date.parse('2026-05-01T00:00:00+08:00') + hours * 60 * MINUTE;
}

const store = (n: number, f: Partial<StoredFeedback> & { clientHash: string | null; receivedAt: number }) => storeFeedback(noticeId, n, { itemId, ...f });
const short = (hash: string) => hash.slice(0, 8);

interface InboxPage {
  feedback: Array<{ id: number; source: string | null }>;
}

async function inbox(query: string, user = admin) {
  const res = await staff(`/feedback?${query}&limit=50`, { cookie: user.cookie });
  return { status: res.status, text: await res.clone().text(), body: await json<InboxPage & { error?: { fields?: Record<string, string> } }>(res) };
}

const ids = (p: InboxPage) => p.feedback.map((f) => f.id).sort((a, b) => a - b);
const sorted = (list: number[]) => [...list].sort((a, b) => a - b);

async function statuses(list: number[]): Promise<string[]> {
  const { results } = await env.DB.prepare(`select status from feedback where id in (${list.join(',')}) order by id`).all<{ status: string }>();
  return results.map((r) => r.status);
}

async function lastAuditId(): Promise<number> {
  return (await env.DB.prepare('select coalesce(max(id), 0) as id from audit_log').first<{ id: number }>())!.id;
}

async function auditSince(id: number) {
  return (await env.DB.prepare('select * from audit_log where id > ? order by id').bind(id).all<Record<string, unknown>>()).results;
}

async function figures(source: string, around: number, user = handler): Promise<SourceFigures> {
  const res = await staff(`/sources/${source}?around=${around}`, { cookie: user.cookie });
  expect(res.status).toBe(200);
  return json<SourceFigures>(res);
}

function markSpam(source: string, body: Record<string, unknown>, user = handler) {
  return staff(`/sources/${source}/spam`, { method: 'POST', cookie: user.cookie, body });
}

describe('the inbox by source', () => {
  it('lists what one client sent in the hour around an instant, by the short fingerprint or the whole one', async () => {
    const t = aMoment();
    const [x, y] = [newClient(), newClient()];
    const inHour = [...(await store(3, { clientHash: x, receivedAt: t })), ...(await store(2, { clientHash: x, receivedAt: t + 29 * MINUTE }))];
    const outside = await store(2, { clientHash: x, receivedAt: t + 31 * MINUTE });
    await store(3, { clientHash: y, receivedAt: t });
    await store(2, { clientHash: null, receivedAt: t });

    for (const source of [short(x), x, short(x).toUpperCase(), x.slice(0, 12)]) {
      const page = await inbox(`source=${source}&around=${t}`);
      expect([source, page.status, ids(page.body)]).toEqual([source, 200, sorted(inHour)]);
    }
    expect(ids((await inbox(`source=${short(x)}`)).body)).toEqual(sorted([...inHour, ...outside]));
    // The hour alone: every source in it, staff entries included.
    expect((await inbox(`around=${t}`)).body.feedback).toHaveLength(10);
  });

  it('shows each feedback with its short fingerprint, none for what staff entered, and never the whole fingerprint', async () => {
    const t = aMoment();
    const x = newClient();
    const [web] = await store(1, { clientHash: x, receivedAt: t });
    const [entered] = await store(1, { clientHash: null, receivedAt: t });
    const page = await inbox(`around=${t}`);
    expect(page.body.feedback.map((f) => [f.id, f.source]).sort()).toEqual([[web, short(x)], [entered, null]].sort());
    expect(page.text).not.toContain(x.slice(0, 9));

    const detail = await staff(`/feedback/${web}`, { cookie: handler.cookie });
    const text = await detail.text();
    expect(JSON.parse(text)).toMatchObject({ source: short(x) });
    expect(text).not.toContain(x.slice(0, 9));
    expect(await json(await staff(`/feedback/${entered}`, { cookie: handler.cookie }))).toMatchObject({ source: null });
  });

  it.each([
    ['source=xyz12345', { source: staffFieldMessages.filter.source }],
    ['source=1234567', { source: staffFieldMessages.filter.source }],
    [`source=${'a'.repeat(65)}`, { source: staffFieldMessages.filter.source }],
    ['around=soon', { around: staffFieldMessages.filter.around }],
    ['around=-5', { around: staffFieldMessages.filter.around }],
  ])('refuses %s with a message for the field', async (query, fields) => {
    const page = await inbox(query);
    expect(page.status).toBe(422);
    expect(page.body.error?.fields).toEqual(fields);
  });
});

describe('GET /api/staff/sources/:source', () => {
  it("counts the source's feedback in the hour, and what this user may mark as spam", async () => {
    const t = aMoment();
    const x = newClient();
    await store(3, { clientHash: x, receivedAt: t });
    await store(1, { clientHash: x, receivedAt: t, status: 'accepted' });
    await store(1, { clientHash: x, receivedAt: t, status: 'spam' });
    const before = Date.now();
    const f = await figures(short(x), t);
    expect(f).toMatchObject({ source: short(x), from: t - 30 * MINUTE, to: t + 30 * MINUTE, total: 5, markable: 3 });
    expect(f.readAt).toBeGreaterThanOrEqual(before);
    // A viewer sees them, and may mark none.
    expect(await figures(x, t, viewer)).toMatchObject({ source: x, total: 5, markable: 0 });
  });
});

describe('POST /api/staff/sources/:source/spam', () => {
  it('marks every new feedback of the source in the hour as spam, leaves the rest, and says how many it left', async () => {
    const t = aMoment();
    const [x, y] = [newClient(), newClient()];
    const publicBefore = await publicCount();
    const flood = await store(5, { clientHash: x, receivedAt: t });
    const accepted = await store(1, { clientHash: x, receivedAt: t, status: 'accepted' });
    const spam = await store(1, { clientHash: x, receivedAt: t, status: 'spam' });
    const later = await store(1, { clientHash: x, receivedAt: t + 2 * 60 * MINUTE });
    const other = await store(1, { clientHash: y, receivedAt: t });
    expect(await publicCount()).toBeGreaterThan(publicBefore);

    const { readAt } = await figures(short(x), t);
    const mark = await lastAuditId();
    const res = await markSpam(short(x), { around: t, readAt });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ source: short(x), from: t - 30 * MINUTE, to: t + 30 * MINUTE, marked: 5, ids: sorted(flood), left: 2 });

    expect(await statuses(flood)).toEqual(['spam', 'spam', 'spam', 'spam', 'spam']);
    expect(await statuses([...accepted, ...spam, ...later, ...other])).toEqual(['accepted', 'spam', 'new', 'new']);
    const { results: events } = await env.DB.prepare(
      `select feedback_id, type, public, from_status, to_status, text, actor_id from feedback_events where feedback_id in (${[...flood, ...accepted, ...spam, ...later, ...other].join(',')}) order by feedback_id`,
    ).all();
    expect(events).toEqual(flood.map((id) => ({ feedback_id: id, type: 'spam', public: 1, from_status: 'new', to_status: 'spam', text: null, actor_id: handler.id })));
    const { results: versions } = await env.DB.prepare(`select updated_at from feedback where id in (${flood.join(',')})`).all<{ updated_at: number }>();
    expect(versions.every((v) => v.updated_at > readAt)).toBe(true);

    const entries = await auditSince(mark);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'feedback.source_spam', actor_id: handler.id, target_type: 'source', target_id: short(x) });
    expect(JSON.parse(String(entries[0]!.before))).toEqual({ status: ['new'] });
    expect(JSON.parse(String(entries[0]!.after))).toEqual({ from: t - 30 * MINUTE, to: t + 30 * MINUTE, status: 'spam', ids: sorted(flood), left: 2 });
    // The flood leaves the public figures; what it did not touch stays: two of x's that day, one of y's.
    expect(await publicCount()).toBe(publicBefore + 3);
  });

  it('leaves alone what changed after the caller read the selection, and refuses when that is all there was', async () => {
    const t = Date.now() - 5 * MINUTE;
    const x = newClient();
    const seen = await store(2, { clientHash: x, receivedAt: t });
    const [reopened] = await store(1, { clientHash: x, receivedAt: t, status: 'spam' });
    const { readAt } = await figures(short(x), t);
    // After the read, an admin reopens one marked as spam, and the client sends one more.
    const res = await staff(`/feedback/${reopened}/transition`, { method: 'POST', cookie: admin.cookie, body: { to: 'new', reason: '误判为无效' } });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 2));
    const [arrived] = await store(1, { clientHash: x, receivedAt: Date.now() });

    const marked = await markSpam(short(x), { around: t, readAt });
    expect(await marked.json()).toMatchObject({ marked: 2, ids: sorted(seen), left: 2 });
    expect(await statuses([reopened!, arrived!])).toEqual(['new', 'new']);

    // Everything that could go now changed after this read: nothing is written.
    const mark = await lastAuditId();
    const stale = await markSpam(short(x), { around: t, readAt });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual({ error: { code: 'stale', message: staffErrors.sourceStale } });
    expect(await auditSince(mark)).toEqual([]);
    expect(await statuses([reopened!, arrived!])).toEqual(['new', 'new']);
    // Without a read, as things are now.
    expect(await (await markSpam(short(x), { around: t })).json()).toMatchObject({ marked: 2, ids: sorted([reopened!, arrived!]), left: 2 });
  });

  it('refuses with 409 when nothing may go to spam, and 404 when the source sent nothing in that hour', async () => {
    const t = aMoment();
    const x = newClient();
    const handled = [...(await store(1, { clientHash: x, receivedAt: t, status: 'accepted' })), ...(await store(2, { clientHash: x, receivedAt: t, status: 'spam' }))];
    const mark = await lastAuditId();
    const res = await markSpam(short(x), { around: t });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'nothing_to_mark', message: staffErrors.nothingToMark(3) } });
    const none = await markSpam(short(newClient()), { around: t });
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ error: { code: 'source_not_found', message: staffErrors.sourceNotFound } });
    expect(await markSpam(short(x), { around: t + 2 * 60 * MINUTE }).then((r) => r.status)).toBe(404);
    expect(await auditSince(mark)).toEqual([]);
    expect(await statuses(handled)).toEqual(['accepted', 'spam', 'spam']);
  });

  it("marks only the department's feedback for a handler bound to one, and nothing for a viewer", async () => {
    const t = aMoment();
    const x = newClient();
    const ofA = await store(2, { clientHash: x, receivedAt: t, departmentId: departmentA });
    const ofB = await store(2, { clientHash: x, receivedAt: t, departmentId: departmentB });
    const unassigned = await store(2, { clientHash: x, receivedAt: t });
    expect(await figures(short(x), t, handlerA)).toMatchObject({ total: 2, markable: 2 });

    const denied = await markSpam(short(x), { around: t }, viewer);
    expect(denied.status).toBe(403);
    const res = await markSpam(short(x), { around: t }, handlerA);
    expect(await res.json()).toMatchObject({ marked: 2, ids: sorted(ofA), left: 0 });
    expect(await statuses([...ofA, ...ofB, ...unassigned])).toEqual(['spam', 'spam', 'new', 'new', 'new', 'new']);
    expect((await markSpam(short(x), { around: t }, handlerA)).status).toBe(409);
  });

  it.each([
    [{}, { around: staffFieldMessages.filter.around }],
    [{ around: 'now' }, { around: staffFieldMessages.filter.around }],
    [{ around: 1, readAt: -1 }, { readAt: staffFieldMessages.readAt.invalid }],
  ])('refuses %j with a message for the field', async (body, fields) => {
    const res = await markSpam(short(newClient()), body);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { fields: unknown } }).error.fields).toEqual(fields);
  });

  it('refuses a source that is not a fingerprint with 422', async () => {
    const res = await markSpam('not-a-source', { around: 1 });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { fields: unknown } }).error.fields).toEqual({ source: staffFieldMessages.filter.source });
  });

  it(`marks at most ${SOURCE_SPAM_MAX} in one step, the oldest first, and the rest in the next`, async () => {
    const t = aMoment();
    const x = newClient();
    await env.DB.prepare(`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < ?4)
      insert into feedback (ref, query_code_hash, notice_id, item_id, kind, content, anonymous, channel, received_at, status, acknowledge_by, reply_by, updated_at, client_hash)
      select 'CAP-' || i || '-' || ?3, 'x', ?1, null, 'opinion', '洪水', 1, 'web', ?2, 'new', '2099-01-01', '2099-02-01', ?2, ?5 from n`)
      .bind(noticeId, t, crypto.randomUUID().slice(0, 8), SOURCE_SPAM_MAX + 3, x).run();
    const first = (await (await markSpam(short(x), { around: t })).json()) as { marked: number; ids: number[]; left: number };
    expect([first.marked, first.ids.length, first.left]).toEqual([SOURCE_SPAM_MAX, SOURCE_SPAM_MAX, 3]);
    const second = (await (await markSpam(short(x), { around: t })).json()) as { marked: number; ids: number[]; left: number };
    expect([second.marked, second.left]).toEqual([3, SOURCE_SPAM_MAX]);
    expect(Math.min(...second.ids)).toBeGreaterThan(Math.max(...first.ids));
  });
});

async function publicCount(): Promise<number> {
  const n = (await (await call(`/api/notices/${SLUG}`)).json()) as { parts: Array<{ categories: Array<{ items: Array<{ id: number; feedbackCount: number }> }> }> };
  return n.parts[1]!.categories[3]!.items.find((i) => i.id === itemId)!.feedbackCount;
}
