/**
 * Erasing contact details after the retention period (PIPL 第十九条): which
 * feedback counts as finished and from when, what reopening does to that, how
 * the period is read from the configuration, and the audit entry of each run.
 */
import { env } from 'cloudflare:test';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { DEFAULT_RETENTION_DAYS, purgeExpiredContacts, retentionDays } from '../../worker/feedback/retention';
import { postJson, seedSample, validFeedback } from '../helpers/api';
import { setFeedback, signedIn, staff, submitPublic, type TestUser } from '../staff/helpers';

const DAY = 86_400_000;
const DAYS = 1095;
const CONTACTS = { name: '李四', phone: '13912345678', email: 'lisi@example.com' };
const ERASED = { name: null, phone: null, email: null };

async function submitWithContacts(): Promise<string> {
  const res = await postJson('/api/feedback', validFeedback({ anonymous: false, name: '李四', phone: '13912345678', consent: true }));
  return ((await res.json()) as { ref: string }).ref;
}

async function contacts(ref: string) {
  return env.DB.prepare('select name, phone, email from feedback where ref = ?').bind(ref).first();
}

/** Feedback with a name, a phone number and an email address; returns its id and reference. */
function withContacts() {
  return submitPublic({ anonymous: false, ...CONTACTS, consent: true });
}

function contactsOf(id: number) {
  return env.DB.prepare('select name, phone, email from feedback where id = ?').bind(id).first();
}

function purge(now: number, days = DAYS) {
  return purgeExpiredContacts(createDb(env.DB), now, days);
}

let admin: TestUser;

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
});

// Storage is shared by the tests of this file: start each from no contact details
// on file, so that what a run erases and counts is this test's rows alone.
beforeEach(async () => {
  await env.DB.prepare('update feedback set name = null, phone = null, email = null').run();
});

describe('erasing contact details after the retention period', () => {
  it('erases them once a closed feedback has been closed longer than the period, and audits it', async () => {
    const now = Date.now();
    const old = await submitWithContacts();
    const recent = await submitWithContacts();
    const open = await submitWithContacts();
    await env.DB.prepare("update feedback set status = 'closed', closed_at = ? where ref = ?").bind(now - 1100 * DAY, old).run();
    await env.DB.prepare("update feedback set status = 'closed', closed_at = ? where ref = ?").bind(now - 10 * DAY, recent).run();

    expect(await purgeExpiredContacts(createDb(env.DB), now, 1095)).toBe(1);

    expect(await contacts(old)).toEqual({ name: null, phone: null, email: null });
    expect(await contacts(recent)).toEqual({ name: '李四', phone: '13912345678', email: null });
    expect(await contacts(open)).toEqual({ name: '李四', phone: '13912345678', email: null });
    const audit = await env.DB.prepare("select after from audit_log where action = 'retention.erase_contacts' order by id desc").first<{ after: string }>();
    expect(JSON.parse(audit!.after)).toMatchObject({ count: 1, retentionDays: 1095 });
  });

  // The period of closed feedback runs from closed_at (a rating given later moves
  // updated_at, not the closing); declined, duplicate and spam have no closed_at and
  // run from their last change, the triage decision.
  const FINISHED: Array<[status: string, from: string, finishedAt: (at: number, now: number) => Record<string, number | null>]> = [
    ['closed', 'closed_at', (at, now) => ({ closed_at: at, updated_at: now - DAY })],
    ['declined', 'updated_at', (at) => ({ closed_at: null, updated_at: at })],
    ['duplicate', 'updated_at', (at) => ({ closed_at: null, updated_at: at })],
    ['spam', 'updated_at', (at) => ({ closed_at: null, updated_at: at })],
    // Replied and never marked 办结: from its last change (the reply, or a later follow-up answered).
    ['replied', 'updated_at', (at) => ({ closed_at: null, replied_at: at, updated_at: at })],
  ];

  it.each(FINISHED)('%s feedback loses its contact details a millisecond after the period from %s, not before', async (status, _from, finishedAt) => {
    const now = Date.now();
    const cutoff = now - DAYS * DAY;
    const expired = await withContacts();
    const within = await withContacts();
    await setFeedback(expired.id, { status, ...finishedAt(cutoff - 1, now) });
    await setFeedback(within.id, { status, ...finishedAt(cutoff + 1, now) });

    expect(await purge(now)).toBe(1);

    expect(await contactsOf(expired.id)).toEqual(ERASED);
    expect(await contactsOf(within.id)).toEqual(CONTACTS);
  });

  it('keeps the contact details of feedback that is still open, however old', async () => {
    const now = Date.now();
    const ids = [];
    for (const status of ['new', 'accepted', 'in_progress']) {
      const f = await withContacts();
      await setFeedback(f.id, { status, received_at: now - 2000 * DAY, updated_at: now - 2000 * DAY });
      ids.push(f.id);
    }

    expect(await purge(now)).toBe(0);

    for (const id of ids) expect(await contactsOf(id)).toEqual(CONTACTS);
  });

  it('keeps those of replied feedback while its review can still be asked for, however short the period', async () => {
    const now = Date.now();
    const [within, past] = [await withContacts(), await withContacts()];
    await setFeedback(within.id, { status: 'replied', replied_at: now - 20 * DAY, updated_at: now - 20 * DAY });
    await setFeedback(past.id, { status: 'replied', replied_at: now - 40 * DAY, updated_at: now - 40 * DAY });

    expect(await purge(now, 10)).toBe(1);

    expect(await contactsOf(within.id)).toEqual(CONTACTS);
    expect(await contactsOf(past.id)).toEqual(ERASED);
  });

  it('keeps those of replied feedback while a follow-up or review request awaits staff, however old', async () => {
    const now = Date.now();
    const f = await withContacts();
    await setFeedback(f.id, { status: 'replied', replied_at: now - 2000 * DAY, updated_at: now - 2000 * DAY, attention: 'review', attention_at: now - 2000 * DAY, attention_by: '2021-01-01' });

    expect(await purge(now)).toBe(0);

    expect(await contactsOf(f.id)).toEqual(CONTACTS);
  });
});

describe('reopened feedback', () => {
  // The query counts any closed_at as closed: it relies on reopening clearing
  // closed_at (worker/staff/workflow.ts), which these tests hold it to.
  it.each([
    ['closed', 'accepted'],
    ['declined', 'new'],
    ['duplicate', 'new'],
    ['spam', 'new'],
  ])('%s feedback finished long ago and reopened to %s keeps its contact details', async (from, to) => {
    const longAgo = Date.now() - 1100 * DAY;
    const f = await withContacts();
    await setFeedback(f.id, {
      status: from,
      accepted_at: from === 'closed' ? longAgo : null,
      replied_at: from === 'closed' ? longAgo : null,
      closed_at: from === 'closed' ? longAgo : null,
      updated_at: longAgo,
    });

    const res = await staff(`/feedback/${f.id}/transition`, { method: 'POST', cookie: admin.cookie, body: { to, reason: '需要重新办理' } });
    expect(res.status).toBe(200);
    expect(await env.DB.prepare('select status, closed_at from feedback where id = ?').bind(f.id).first()).toEqual({ status: to, closed_at: null });

    expect(await purge(Date.now())).toBe(0);

    expect(await contactsOf(f.id)).toEqual(CONTACTS);
  });
});

describe('the retention period from CONTACT_RETENTION_DAYS', () => {
  it.each([
    [undefined, DEFAULT_RETENTION_DAYS],
    ['', DEFAULT_RETENTION_DAYS],
    ['   ', DEFAULT_RETENTION_DAYS],
    ['0', DEFAULT_RETENTION_DAYS],
    ['-5', DEFAULT_RETENTION_DAYS],
    ['1.5', DEFAULT_RETENTION_DAYS],
    ['abc', DEFAULT_RETENTION_DAYS],
    ['30 days', DEFAULT_RETENTION_DAYS],
    ['Infinity', DEFAULT_RETENTION_DAYS],
    ['1e400', DEFAULT_RETENTION_DAYS],
    ['1', 1],
    ['30', 30],
    [' 30 ', 30],
    ['30.0', 30],
    // A whole number of days however it is written: 1e3 is exactly 1000.
    ['1e3', 1000],
    ['1095', 1095],
  ])('%j gives %i days', (value, days) => {
    expect(retentionDays(value)).toBe(days);
  });

  it('defaults to three years, the period the privacy statement promises', () => {
    expect(DEFAULT_RETENTION_DAYS).toBe(1095);
  });
});

describe('the audit entry of a run', () => {
  it('counts and names exactly the feedback whose contact details it erased', async () => {
    const now = Date.now();
    const old = now - 1100 * DAY;
    const closed = await withContacts();
    const declined = await withContacts();
    const spam = await withContacts();
    const recent = await withContacts();
    const anonymous = await submitPublic();
    await setFeedback(closed.id, { status: 'closed', closed_at: old, updated_at: old });
    await setFeedback(declined.id, { status: 'declined', updated_at: old });
    await setFeedback(spam.id, { status: 'spam', updated_at: old });
    await setFeedback(recent.id, { status: 'closed', closed_at: now - 10 * DAY, updated_at: now - 10 * DAY });
    // Nothing to erase: neither counted nor touched.
    await setFeedback(anonymous.id, { status: 'closed', closed_at: old, updated_at: old });
    const entries = "select count(*) as n from audit_log where action = 'retention.erase_contacts'";
    const before = (await env.DB.prepare(entries).first<{ n: number }>())!.n;

    expect(await purge(now)).toBe(3);

    const erased = [closed.id, declined.id, spam.id].sort((a, b) => a - b);
    const audit = await env.DB.prepare("select at, actor_id, target_type, target_id, before, after from audit_log where action = 'retention.erase_contacts' order by id desc")
      .first<{ at: number; actor_id: number | null; target_type: string; target_id: string | null; before: string | null; after: string }>();
    expect({ ...audit, after: undefined }).toEqual({ at: now, actor_id: null, target_type: 'feedback', target_id: null, before: null, after: undefined });
    const after = JSON.parse(audit!.after) as { count: number; retentionDays: number; ids: number[] };
    expect({ ...after, ids: [...after.ids].sort((a, b) => a - b) }).toEqual({ count: 3, retentionDays: DAYS, ids: erased });
    for (const id of erased) expect(await contactsOf(id)).toEqual(ERASED);
    expect(await contactsOf(recent.id)).toEqual(CONTACTS);
    const untouched = await env.DB.prepare('select updated_at from feedback where id = ?').bind(anonymous.id).first<{ updated_at: number }>();
    expect(untouched!.updated_at).toBe(old);

    // A run that erases nothing writes no entry.
    expect(await purge(now)).toBe(0);
    expect((await env.DB.prepare(entries).first<{ n: number }>())!.n).toBe(before + 1);
  });
});
