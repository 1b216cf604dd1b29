/**
 * The photo store behind the PhotoStore port: R2 on the worker project (the pool's local bucket),
 * the Node host's folder on the node project (env.PHOTOS is that folder through R2's API there);
 * and the folder store's own promises, on the node project: keys checked before they touch the
 * file system, whole files or none, nothing left behind.
 */
import { env } from 'cloudflare:test';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newPhotoKey, PHOTO_KEY } from '../../worker/photos/keys';
import { r2PhotoStore } from '../../worker/r2-photos';
import { fixtures } from '../helpers/photos';

const onWorkers = globalThis.navigator?.userAgent === 'Cloudflare-Workers';

async function bytesOf(body: ReadableStream<Uint8Array> | Uint8Array): Promise<Uint8Array> {
  return body instanceof Uint8Array ? body : new Uint8Array(await new Response(body).arrayBuffer());
}

describe('newPhotoKey', () => {
  it('makes a key of 128 random bits under feedback/ or items/, never the same twice', () => {
    const keys = Array.from({ length: 200 }, () => newPhotoKey('feedback'));
    for (const key of keys) expect(key).toMatch(/^feedback\/[0-9a-f]{32}$/);
    expect(new Set(keys).size).toBe(200);
    expect(newPhotoKey('items')).toMatch(PHOTO_KEY);
  });
});

describe('the platform photo store (R2, or the Node host folder)', () => {
  const store = r2PhotoStore(env.PHOTOS);

  it('gives back what was put, with its type and size, and nothing once deleted', async () => {
    const key = newPhotoKey('feedback');
    const jpeg = fixtures.posterJpeg();
    await store.put(key, jpeg, 'image/jpeg');
    const got = await store.get(key);
    expect(got).toMatchObject({ contentType: 'image/jpeg', size: jpeg.byteLength });
    expect(await bytesOf(got!.body)).toEqual(jpeg);
    await store.delete([key]);
    expect(await store.get(key)).toBeNull();
  });

  it('answers null for a key with nothing stored, and deletes missing keys without complaint', async () => {
    const key = newPhotoKey('items');
    expect(await store.get(key)).toBeNull();
    await expect(store.delete([key, newPhotoKey('feedback')])).resolves.toBeUndefined();
    await expect(store.delete([])).resolves.toBeUndefined();
  });
});

describe.skipIf(onWorkers)('the Node host folder store', async () => {
  const { folderPhotoStore, PhotoKeyError } = await import('../../server/photo-store');
  const root = mkdtempSync(join(tmpdir(), 'rw-photo-store-'));
  const store = folderPhotoStore(root);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('keeps each photo in a file under its key, with no temporary file left', async () => {
    const key = newPhotoKey('feedback');
    await store.put(key, fixtures.posterPng(), 'image/png');
    const [, hex] = key.split('/');
    expect(readdirSync(join(root, 'feedback'))).toEqual([hex]);
    expect(await store.get(key)).toMatchObject({ contentType: 'image/png', size: fixtures.posterPng().byteLength });
  });

  it.each(['../etc/passwd', 'feedback/../../x', '/abs/path', 'Feedback/ABC', 'feedback/a.jpg', 'feedback//x', '', 'feedback/'])(
    'refuses the key %j before touching the file system',
    async (key) => {
      await expect(store.put(key, fixtures.posterJpeg(), 'image/jpeg')).rejects.toBeInstanceOf(PhotoKeyError);
      await expect(store.get(key)).rejects.toBeInstanceOf(PhotoKeyError);
      await expect(store.delete([key])).rejects.toBeInstanceOf(PhotoKeyError);
    },
  );

  it('replaces a photo whole when a key is written again', async () => {
    const key = newPhotoKey('items');
    await store.put(key, fixtures.posterJpeg(), 'image/jpeg');
    await store.put(key, fixtures.posterPng(), 'image/png');
    expect(await bytesOf((await store.get(key))!.body)).toEqual(fixtures.posterPng());
    expect(readdirSync(join(root, 'items')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
