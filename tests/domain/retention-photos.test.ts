/**
 * Erasing photos after the retention period, with the contact details (issue 14): the same
 * feedback as for contact details, the objects deleted from the store before their rows are
 * marked erased, a store that fails leaving everything for the next run, and one audit entry.
 * The store is an in-memory PhotoStore (the port's contract, nothing more), so the test can
 * see each delete and make one fail.
 */
import { env } from 'cloudflare:test';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { PHOTO_ERASE_BATCH, purgeExpiredPersonalData, purgeExpiredPhotos } from '../../worker/feedback/retention';
import type { PhotoStore, StoredPhoto } from '../../worker/ports';
import { seedSample } from '../helpers/api';
import { setFeedback, signedIn, staff, submitPublic, type TestUser } from '../staff/helpers';

const DAY = 86_400_000;
const DAYS = 1095;

/** A PhotoStore over a Map; `failing` makes every delete throw, as a store that is down does. */
class MemoryPhotoStore implements PhotoStore {
  objects = new Map<string, { bytes: Uint8Array; contentType: string }>();
  deletes: string[][] = [];
  failing = false;
  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    this.objects.set(key, { bytes, contentType });
  }
  async get(key: string): Promise<StoredPhoto | null> {
    const o = this.objects.get(key);
    return o ? { body: o.bytes, contentType: o.contentType, size: o.bytes.length } : null;
  }
  async delete(keys: string[]): Promise<void> {
    if (this.failing) throw new Error('store unavailable');
    this.deletes.push(keys);
    for (const k of keys) this.objects.delete(k);
  }
}

const hex = () => [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');

let store: MemoryPhotoStore;

/** A stored photo on feedback `feedbackId`: the object in the store and its row. */
async function photoOn(feedbackId: number, name = '照片1.jpg'): Promise<{ id: number; key: string }> {
  const key = `feedback/${hex()}`;
  await store.put(key, new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), 'image/jpeg');
  const row = await env.DB.prepare(
    'insert into feedback_attachments (feedback_id, name, type, size, storage_key, width, height) values (?, ?, ?, ?, ?, 96, 64) returning id',
  )
    .bind(feedbackId, name, 'image/jpeg', 4, key)
    .first<{ id: number }>();
  return { id: row!.id, key };
}

/** A mail attachment: described, never stored. */
async function mailAttachmentOn(feedbackId: number): Promise<number> {
  const row = await env.DB.prepare("insert into feedback_attachments (feedback_id, name, type, size) values (?, '材料.pdf', 'application/pdf', 2048) returning id")
    .bind(feedbackId)
    .first<{ id: number }>();
  return row!.id;
}

function rowOf(id: number) {
  return env.DB.prepare('select name, size, storage_key as storageKey, erased_at as erasedAt from feedback_attachments where id = ?')
    .bind(id)
    .first<{ name: string; size: number; storageKey: string | null; erasedAt: number | null }>();
}

function purge(now: number, days = DAYS) {
  return purgeExpiredPhotos(createDb(env.DB), store, now, days);
}

async function photoAudits(at: number) {
  const rows = await env.DB.prepare("select actor_id, target_type, target_id, before, after from audit_log where action = 'retention.erase_photos' and at = ?")
    .bind(at)
    .all<{ actor_id: number | null; target_type: string; target_id: string | null; before: string | null; after: string }>();
  return rows.results.map((r) => ({ ...r, after: JSON.parse(r.after) as { count: number; retentionDays: number; ids: number[]; feedbackIds: number[] } }));
}

let admin: TestUser;

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
});

// Storage is shared by the tests of this file: each starts with no photo stored, so that
// what a run erases and counts is this test's rows alone.
beforeEach(async () => {
  store = new MemoryPhotoStore();
  await env.DB.prepare('update feedback_attachments set storage_key = null where storage_key is not null').run();
});

describe('erasing photos after the retention period', () => {
  it('deletes the objects of feedback closed longer than the period, marks the rows erased and keeps them as the record', async () => {
    const now = Date.now();
    const old = await submitPublic();
    const recent = await submitPublic();
    const open = await submitPublic();
    await setFeedback(old.id, { status: 'closed', closed_at: now - 1100 * DAY, updated_at: now - 1100 * DAY });
    await setFeedback(recent.id, { status: 'closed', closed_at: now - 10 * DAY, updated_at: now - 10 * DAY });
    await setFeedback(open.id, { status: 'accepted', received_at: now - 1100 * DAY, updated_at: now - 1100 * DAY });
    const gone = [await photoOn(old.id, '宣传栏.jpg'), await photoOn(old.id, '现场.png')];
    const kept = [await photoOn(recent.id), await photoOn(open.id)];

    expect(await purge(now)).toBe(2);

    expect(store.deletes).toEqual([gone.map((p) => p.key)]);
    for (const p of gone) expect(store.objects.has(p.key)).toBe(false);
    expect(await rowOf(gone[0]!.id)).toEqual({ name: '宣传栏.jpg', size: 4, storageKey: null, erasedAt: now });
    expect(await rowOf(gone[1]!.id)).toEqual({ name: '现场.png', size: 4, storageKey: null, erasedAt: now });
    for (const p of kept) {
      expect(store.objects.has(p.key)).toBe(true);
      expect(await rowOf(p.id)).toMatchObject({ storageKey: p.key, erasedAt: null });
    }
  });

  const FINISHED: Array<[status: string, from: string, finishedAt: (at: number, now: number) => Record<string, number | null>]> = [
    ['closed', 'closed_at', (at, now) => ({ closed_at: at, updated_at: now - DAY })],
    ['declined', 'updated_at', (at) => ({ closed_at: null, updated_at: at })],
    ['duplicate', 'updated_at', (at) => ({ closed_at: null, updated_at: at })],
    ['spam', 'updated_at', (at) => ({ closed_at: null, updated_at: at })],
    ['replied', 'updated_at', (at) => ({ closed_at: null, replied_at: at, updated_at: at })],
  ];

  it.each(FINISHED)('%s feedback loses its photos a millisecond after the period from %s, not before', async (status, _from, finishedAt) => {
    const now = Date.now();
    const cutoff = now - DAYS * DAY;
    const expired = await submitPublic();
    const within = await submitPublic();
    await setFeedback(expired.id, { status, ...finishedAt(cutoff - 1, now) });
    await setFeedback(within.id, { status, ...finishedAt(cutoff + 1, now) });
    const gone = await photoOn(expired.id);
    const kept = await photoOn(within.id);

    expect(await purge(now)).toBe(1);

    expect(await rowOf(gone.id)).toMatchObject({ storageKey: null, erasedAt: now });
    expect(store.objects.has(gone.key)).toBe(false);
    expect(await rowOf(kept.id)).toMatchObject({ storageKey: kept.key, erasedAt: null });
    expect(store.objects.has(kept.key)).toBe(true);
  });

  it('keeps the photos of feedback that is still open, or replied with a review request awaiting staff, however old', async () => {
    const now = Date.now();
    const photos = [];
    const long = now - 2000 * DAY;
    for (const status of ['new', 'accepted', 'in_progress', 'replied']) {
      const f = await submitPublic();
      const awaiting: Record<string, string | number> = status === 'replied' ? { replied_at: long, attention: 'review', attention_at: long, attention_by: '2021-01-01' } : {};
      await setFeedback(f.id, { status, received_at: long, updated_at: long, ...awaiting });
      photos.push(await photoOn(f.id));
    }

    expect(await purge(now)).toBe(0);

    expect(store.deletes).toEqual([]);
    for (const p of photos) expect(await rowOf(p.id)).toMatchObject({ storageKey: p.key, erasedAt: null });
  });

  it.each([
    ['closed', 'accepted'],
    ['declined', 'new'],
    ['spam', 'new'],
  ])('%s feedback finished long ago and reopened to %s keeps its photos', async (from, to) => {
    const longAgo = Date.now() - 1100 * DAY;
    const f = await submitPublic();
    await setFeedback(f.id, {
      status: from,
      accepted_at: from === 'closed' ? longAgo : null,
      replied_at: from === 'closed' ? longAgo : null,
      closed_at: from === 'closed' ? longAgo : null,
      updated_at: longAgo,
    });
    const p = await photoOn(f.id);
    const res = await staff(`/feedback/${f.id}/transition`, { method: 'POST', cookie: admin.cookie, body: { to, reason: '需要重新办理' } });
    expect(res.status).toBe(200);

    expect(await purge(Date.now())).toBe(0);

    expect(await rowOf(p.id)).toMatchObject({ storageKey: p.key, erasedAt: null });
    expect(store.objects.has(p.key)).toBe(true);
  });

  it('leaves a mail attachment (described, never stored) alone and uncounted', async () => {
    const now = Date.now();
    const f = await submitPublic();
    await setFeedback(f.id, { status: 'closed', closed_at: now - 1100 * DAY, updated_at: now - 1100 * DAY });
    const attachment = await mailAttachmentOn(f.id);

    expect(await purge(now)).toBe(0);

    expect(store.deletes).toEqual([]);
    expect(await rowOf(attachment)).toEqual({ name: '材料.pdf', size: 2048, storageKey: null, erasedAt: null });
  });

  it(`asks the store to delete at most ${PHOTO_ERASE_BATCH} keys at a time, and erases every one`, async () => {
    const now = Date.now();
    const f = await submitPublic();
    await setFeedback(f.id, { status: 'spam', updated_at: now - 1100 * DAY });
    const count = PHOTO_ERASE_BATCH + 5;
    // Rows alone (the store's delete takes missing keys): enough to need a second call.
    await env.DB.prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
       insert into feedback_attachments (feedback_id, name, type, size, storage_key) select ?, '照片' || i || '.jpg', 'image/jpeg', 4, 'feedback/bulk-' || ? || '-' || i from n`,
    )
      .bind(count, f.id, hex())
      .run();

    expect(await purge(now)).toBe(count);

    expect(store.deletes.map((keys) => keys.length)).toEqual([PHOTO_ERASE_BATCH, 5]);
    const left = await env.DB.prepare('select count(*) as n from feedback_attachments where feedback_id = ? and (storage_key is not null or erased_at is null)').bind(f.id).first<{ n: number }>();
    expect(left!.n).toBe(0);
  });
});

describe('when the photo store fails', () => {
  it('leaves the rows, the objects and the contact details for the next run, which erases them together', async () => {
    const now = Date.now();
    const f = await submitPublic({ anonymous: false, name: '李四', phone: '13912345678', consent: true });
    await setFeedback(f.id, { status: 'declined', updated_at: now - 1100 * DAY });
    const p = await photoOn(f.id);
    store.failing = true;

    expect(await purgeExpiredPersonalData(createDb(env.DB), store, now, DAYS)).toEqual({ photos: 0, contacts: 0 });

    expect(await rowOf(p.id)).toMatchObject({ storageKey: p.key, erasedAt: null });
    expect(store.objects.has(p.key)).toBe(true);
    expect(await env.DB.prepare('select name, phone, updated_at from feedback where id = ?').bind(f.id).first()).toEqual({
      name: '李四', phone: '13912345678', updated_at: now - 1100 * DAY,
    });
    expect(await photoAudits(now)).toEqual([]);

    store.failing = false;
    const tomorrow = now + DAY;
    expect(await purgeExpiredPersonalData(createDb(env.DB), store, tomorrow, DAYS)).toEqual({ photos: 1, contacts: 1 });

    expect(await rowOf(p.id)).toMatchObject({ storageKey: null, erasedAt: tomorrow });
    expect(store.objects.has(p.key)).toBe(false);
    expect(await env.DB.prepare('select name, phone from feedback where id = ?').bind(f.id).first()).toEqual({ name: null, phone: null });
  });
});

describe('the audit entry of a run', () => {
  it('counts and names the photos erased and their feedback, with no name or key; a run that erases nothing writes none', async () => {
    const now = Date.now();
    const old = now - 1100 * DAY;
    const closed = await submitPublic();
    const spam = await submitPublic();
    await setFeedback(closed.id, { status: 'closed', closed_at: old, updated_at: old });
    await setFeedback(spam.id, { status: 'spam', updated_at: old });
    const photos = [await photoOn(closed.id, '秘密名字.jpg'), await photoOn(closed.id), await photoOn(spam.id)];

    expect(await purge(now)).toBe(3);

    const audits = await photoAudits(now);
    expect(audits).toHaveLength(1);
    const [entry] = audits;
    expect({ ...entry, after: undefined }).toEqual({ actor_id: null, target_type: 'feedback', target_id: null, before: null, after: undefined });
    expect(entry!.after).toEqual({
      count: 3,
      retentionDays: DAYS,
      ids: photos.map((p) => p.id).sort((a, b) => a - b),
      feedbackIds: [closed.id, spam.id].sort((a, b) => a - b),
    });
    const raw = JSON.stringify(entry);
    expect(raw).not.toContain('秘密名字');
    for (const p of photos) expect(raw).not.toContain(p.key);

    expect(await purge(now + 1)).toBe(0);
    expect(await photoAudits(now + 1)).toEqual([]);
  });
});
