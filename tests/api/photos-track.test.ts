/**
 * The submitter's own photos on the tracking page (issue 14): listed in the view found with the
 * reference and query code, each with a signed link good for an hour that holds neither; the
 * link serves the stored bytes; a wrong, expired, forged or erased one is the same 404.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { appSecret } from '../../worker/http/client';
import { photoUploadMessages } from '../../worker/messages';
import { PHOTO_LINK_TTL_MS, photoLinkToken } from '../../worker/photos/links';
import { call, seedSample, type ErrorJson } from '../helpers/api';
import { exifApp1, fixtures, jpegWith } from '../helpers/photos';
import { bytesOf, callWithPhotos, submitWithPhotos } from './photos-helpers';
import type { PublicPhoto } from '../../worker/feedback/track';

interface Receipt {
  ref: string;
  queryCode: string;
}

let receipt: Receipt;
let photos: PublicPhoto[];

async function track(r: Receipt): Promise<{ photos: PublicPhoto[] }> {
  const res = await call(`/api/feedback/${r.ref}`, { headers: { 'x-query-code': r.queryCode } });
  expect(res.status).toBe(200);
  return (await res.json()) as { photos: PublicPhoto[] };
}

async function expectPhotoNotFound(url: string) {
  const res = await callWithPhotos(url);
  expect(res.status).toBe(404);
  expect(((await res.json()) as ErrorJson).error).toEqual({ code: 'photo_not_found', message: photoUploadMessages.notFound });
  expect(photoUploadMessages.notFound).toBe('照片不存在或链接已过期，请重新查询');
}

beforeAll(async () => {
  await seedSample();
  const res = await submitWithPhotos([
    { bytes: jpegWith(fixtures.posterJpeg(), [exifApp1()]), name: '宣传栏.jpg' },
    { bytes: fixtures.posterPng(), name: '路面.png', type: 'image/png' },
  ]);
  expect(res.status).toBe(201);
  receipt = (await res.json()) as Receipt;
  photos = (await track(receipt)).photos;
});

describe('photos in the tracking view', () => {
  it('lists the photos with their name, type, size and picture size, in the order sent', () => {
    expect(photos.map(({ url: _url, id: _id, ...p }) => p)).toEqual([
      { name: '宣传栏.jpg', type: 'image/jpeg', size: fixtures.posterJpeg().length, width: 96, height: 64 },
      { name: '路面.png', type: 'image/png', size: fixtures.posterPng().length, width: 96, height: 64 },
    ]);
    expect(photos[0]!.id).toBeLessThan(photos[1]!.id);
  });

  it('links each photo by a signed token that holds neither the reference nor the query code', () => {
    for (const p of photos) {
      expect(p.url).toMatch(/^\/api\/photos\/\d+\.\d+\.[0-9a-f]{32}$/);
      const bare = (s: string) => s.replace(/-/g, '').toLowerCase();
      expect(bare(p.url)).not.toContain(bare(receipt.ref));
      expect(bare(p.url)).not.toContain(bare(receipt.queryCode));
      for (const part of receipt.queryCode.split('-')) expect(p.url.toUpperCase()).not.toContain(part);
    }
  });

  it('serves the stored photo through its link, private to this browser for the hour', async () => {
    const res = await callWithPhotos(photos[0]!.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toBe('private, max-age=3600');
    expect(res.headers.get('content-disposition')).toBe('inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await bytesOf(res)).toEqual(fixtures.posterJpeg());
    const png = await callWithPhotos(photos[1]!.url);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(await bytesOf(png)).toEqual(fixtures.posterPng());
  });

  it('gives the photos, freshly linked, in the answer to a rating too', async () => {
    const res = await submitWithPhotos([{ bytes: fixtures.posterJpeg() }]);
    const r = (await res.json()) as Receipt;
    await env.DB.prepare("update feedback set status = 'replied', reply = '已安排维修。', replied_at = ? where ref = ?").bind(Date.now(), r.ref).run();
    const rated = await call(`/api/feedback/${r.ref}/rating`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-query-code': r.queryCode },
      body: JSON.stringify({ rating: 3 }),
    });
    expect(rated.status).toBe(200);
    const [photo] = ((await rated.json()) as { photos: PublicPhoto[] }).photos;
    expect((await callWithPhotos(photo!.url)).status).toBe(200);
  });

  it('answers 404 to an expired link, a forged one, one for another photo, and garbage', async () => {
    const secret = appSecret(env);
    const id = photos[0]!.id;
    const [, , mac] = photos[0]!.url.split('/').pop()!.split('.');
    await expectPhotoNotFound(`/api/photos/${await photoLinkToken(secret, id, Date.now() - PHOTO_LINK_TTL_MS - 1000)}`);
    await expectPhotoNotFound(`/api/photos/${await photoLinkToken('another-deployments-secret', id, Date.now())}`);
    const expires = Math.ceil((Date.now() + 2 * PHOTO_LINK_TTL_MS) / 1000);
    await expectPhotoNotFound(`/api/photos/${id}.${expires}.${mac}`);
    await expectPhotoNotFound(`/api/photos/${photos[1]!.id}.${photos[0]!.url.split('.')[1]}.${mac}`);
    for (const junk of ['1', 'abc', `${id}`, `${id}.9999999999.${'0'.repeat(32)}`, '..%2F..%2Fetc%2Fpasswd', `${id}.${expires}.${mac!.toUpperCase()}`]) {
      await expectPhotoNotFound(`/api/photos/${junk}`);
    }
  });

  it('answers 404 once a photo is erased, and leaves it out of the view', async () => {
    const res = await submitWithPhotos([{ bytes: fixtures.posterJpeg() }, { bytes: fixtures.posterPng(), name: 'b.png', type: 'image/png' }]);
    const r = (await res.json()) as Receipt;
    const [first, second] = (await track(r)).photos;
    await env.DB.prepare('update feedback_attachments set storage_key = null, erased_at = ? where id = ?').bind(Date.now(), first!.id).run();
    await expectPhotoNotFound(first!.url);
    expect((await track(r)).photos.map((p) => p.id)).toEqual([second!.id]);
    expect((await callWithPhotos(second!.url)).status).toBe(200);
  });

  it('answers 404 when the store has lost the photo', async () => {
    const res = await submitWithPhotos([{ bytes: fixtures.posterJpeg() }]);
    const [photo] = (await track((await res.json()) as Receipt)).photos;
    const key = (await env.DB.prepare('select storage_key from feedback_attachments where id = ?').bind(photo!.id).first<{ storage_key: string }>())!.storage_key;
    await env.PHOTOS.delete(key);
    await expectPhotoNotFound(photo!.url);
  });

  it('lists the photos on the tracking page sent without scripts (POST /track)', async () => {
    const res = await callWithPhotos('/track', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ref: receipt.ref, code: receipt.queryCode }),
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/\/api\/photos\/\d+\.\d+\.[0-9a-f]{32}/);
  });
});
