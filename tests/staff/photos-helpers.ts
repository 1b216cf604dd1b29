/**
 * Helpers of the staff photo tests: an upload as the console sends it, the photo store's
 * object count (the test file's R2 bucket, or its photo folder on the node project), fixtures.
 */
import { env } from 'cloudflare:test';
import { workerFetch } from '../helpers/worker';
import { exifApp1, fixtures, jpegWith } from '../helpers/photos';
import { ORIGIN } from './helpers';

/** A multipart upload as the console sends it: our Origin, the cookie, a `photo` part per file. */
export async function upload(
  path: string,
  cookie: string,
  files: Array<{ bytes: Uint8Array; name?: string; type?: string }>,
  init: { origin?: string; bindings?: typeof env } = {},
): Promise<Response> {
  const form = new FormData();
  for (const [k, f] of files.entries()) form.append('photo', new File([f.bytes as Uint8Array<ArrayBuffer>], f.name ?? `照片${k + 1}.jpg`, { type: f.type ?? 'image/jpeg' }));
  const request = new Request(`http://localhost/api/staff${path}`, { method: 'POST', headers: { cookie, origin: init.origin ?? ORIGIN }, body: form });
  return await workerFetch(request, init.bindings ?? env);
}

/** How many objects the photo store holds. */
export async function objectCount(): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const page = await env.PHOTOS.list({ cursor });
    n += page.objects.length;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return n;
}

/** A photo as the console sends it (already redrawn). */
export const jpeg = () => ({ bytes: fixtures.posterJpeg(), name: '现场.jpg' });
/** A phone's JPEG as a script might send it: with Exif and GPS. */
export const phoneJpeg = () => ({ bytes: jpegWith(fixtures.posterJpeg(), [exifApp1()]), name: 'IMG_2048.JPG' });
