/**
 * Photos of public progress updates (issue 14): listed under their update in GET
 * /api/notices/:slug and served by GET /api/item-photos/:hex for good; an internal comment's
 * photo, a draft notice's, or an unknown key is a 404. (Staff upload them, tests/staff/; here
 * the rows and objects are written directly.)
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { photoUploadMessages } from '../../worker/messages';
import { newPhotoKey } from '../../worker/photos/keys';
import { call, itemIdAt, seedSample, SLUG, type ErrorJson } from '../helpers/api';
import { fixtures } from '../helpers/photos';
import { createUser } from '../staff/helpers';
import { bytesOf } from './photos-helpers';
import { forgetKeptNotices } from '../helpers/notice-cache';

interface Update {
  id: number;
  body: string;
  photos: Array<{ url: string; width: number; height: number }>;
}

let itemId: number;
let authorId: number;

async function comment(isPublic: boolean, body: string): Promise<number> {
  const row = await env.DB.prepare('insert into item_comments (item_id, author_id, public, body, created_at) values (?, ?, ?, ?, ?) returning id')
    .bind(itemId, authorId, isPublic ? 1 : 0, body, Date.now())
    .first<{ id: number }>();
  return row!.id;
}

/** A stored photo of the comment: its object in the store and its row; the key's hex. */
async function photoOf(commentId: number, bytes: Uint8Array, type: 'image/jpeg' | 'image/png'): Promise<string> {
  const key = newPhotoKey('items');
  await env.PHOTOS.put(key, bytes, { httpMetadata: { contentType: type } });
  await env.DB.prepare('insert into item_comment_photos (comment_id, storage_key, name, type, size, width, height, added_by) values (?, ?, ?, ?, ?, 96, 64, ?)')
    .bind(commentId, key, 'photo', type, bytes.length, authorId)
    .run();
  return key.slice('items/'.length);
}

async function updatesOfItem(): Promise<Update[]> {
  const notice = (await (await call(`/api/notices/${SLUG}`)).json()) as {
    parts: Array<{ categories: Array<{ items: Array<{ id: number; updates: Update[] }> }>; items: Array<{ id: number; updates: Update[] }> }>;
  };
  const all = notice.parts.flatMap((p) => [...p.items, ...p.categories.flatMap((c) => c.items)]);
  return all.find((i) => i.id === itemId)!.updates;
}

async function expectNotFound(path: string) {
  const res = await call(path);
  expect(res.status).toBe(404);
  expect(((await res.json()) as ErrorJson).error).toEqual({ code: 'photo_not_found', message: photoUploadMessages.notFound });
}

let publicHex: string[];
let internalHex: string;

beforeAll(async () => {
  await seedSample();
  itemId = await itemIdAt(1, 2, 1);
  authorId = (await createUser('admin')).id;
  const update = await comment(true, '宣传栏已更换。');
  publicHex = [await photoOf(update, fixtures.posterJpeg(), 'image/jpeg'), await photoOf(update, fixtures.posterPng(), 'image/png')];
  await comment(true, '没有照片的进展。');
  const internal = await comment(false, '内部：核实照片。');
  internalHex = await photoOf(internal, fixtures.posterJpeg(), 'image/jpeg');
  // Written past the app (staff would have purged the kept notice): drop it.
  await forgetKeptNotices();
});

describe('photos of public progress updates', () => {
  it('lists each public update with its photos, by their public address and size', async () => {
    const updates = await updatesOfItem();
    expect(updates.map((u) => [u.body, u.photos])).toEqual([
      ['宣传栏已更换。', publicHex.map((hex) => ({ url: `/api/item-photos/${hex}`, width: 96, height: 64 }))],
      ['没有照片的进展。', []],
    ]);
    expect(JSON.stringify(updates)).not.toContain(internalHex);
  });

  it('serves a public update photo for good, with its type', async () => {
    const res = await call(`/api/item-photos/${publicHex[1]}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await bytesOf(res)).toEqual(fixtures.posterPng());
  });

  it('answers 404 to an internal comment photo, an unknown key and anything that is not a key', async () => {
    await expectNotFound(`/api/item-photos/${internalHex}`);
    await expectNotFound(`/api/item-photos/${'0'.repeat(32)}`);
    for (const junk of ['abc', publicHex[0]!.toUpperCase(), `${publicHex[0]}0`, '..%2Ffeedback%2F' + publicHex[0]]) await expectNotFound(`/api/item-photos/${junk}`);
  });

  it('answers 404 to a feedback photo key asked for as an item photo', async () => {
    const key = newPhotoKey('feedback');
    await env.PHOTOS.put(key, fixtures.posterJpeg());
    await expectNotFound(`/api/item-photos/${key.slice('feedback/'.length)}`);
  });

  it('answers 404 while the notice is a draft', async () => {
    const { state } = (await env.DB.prepare('select state from notices where slug = ?').bind(SLUG).first<{ state: string }>())!;
    await env.DB.prepare("update notices set state = 'draft' where slug = ?").bind(SLUG).run();
    try {
      await expectNotFound(`/api/item-photos/${publicHex[0]}`);
    } finally {
      await env.DB.prepare('update notices set state = ? where slug = ?').bind(state, SLUG).run();
    }
    expect((await call(`/api/item-photos/${publicHex[0]}`)).status).toBe(200);
  });
});
