/**
 * Helpers of the photo API tests: a submission with photos as the form sends it (multipart, the
 * feedback's JSON in the part `feedback`), a bucket that records what the app put in it, and the
 * counts that show nothing was half-stored.
 */
import { env } from 'cloudflare:test';
import { workerFetch } from '../helpers/worker';
import { randomAddress, solvedProof, validFeedback } from '../helpers/api';

export interface PhotoPart {
  bytes: Uint8Array;
  name?: string;
  type?: string;
}

/** A multipart body: the feedback's JSON, then each photo as a part `photo`. */
export function photoForm(feedback: unknown, photos: PhotoPart[]): FormData {
  const form = new FormData();
  form.set('feedback', typeof feedback === 'string' ? feedback : JSON.stringify(feedback));
  for (const [k, p] of photos.entries()) form.append('photo', new File([p.bytes as Uint8Array<ArrayBuffer>], p.name ?? `IMG_${k + 1}.jpg`, { type: p.type ?? 'image/jpeg' }));
  return form;
}

/** The form's bytes and its Content-Type (with the boundary), as a browser sends them. */
export async function encoded(form: FormData): Promise<{ bytes: Uint8Array; contentType: string }> {
  const res = new Response(form);
  return { bytes: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get('content-type')! };
}

/** The headers of a public submission from a client of its own, with a solved proof of work. */
export async function submissionHeaders(key: string = crypto.randomUUID()): Promise<Record<string, string>> {
  return { 'idempotency-key': key, 'cf-connecting-ip': randomAddress(), 'x-proof': await solvedProof() };
}

/**
 * The photo bucket (env.PHOTOS, R2 or the Node host's folder), wrapped: every key the app put or
 * deleted is recorded, and a test may make a put fail.
 */
export function recordingBucket(inner: R2Bucket) {
  const puts: string[] = [];
  const deletes: string[] = [];
  let failPut: ((key: string, index: number) => boolean) | null = null;
  const bucket = {
    async put(key: string, value: Uint8Array, options?: R2PutOptions) {
      const index = puts.length;
      puts.push(key);
      if (failPut?.(key, index)) throw new Error('the test made this put fail');
      return inner.put(key, value, options);
    },
    get: (key: string) => inner.get(key),
    head: (key: string) => inner.head(key),
    async delete(keys: string | string[]) {
      deletes.push(...(Array.isArray(keys) ? keys : [keys]));
      return inner.delete(keys);
    },
    list: (options?: R2ListOptions) => inner.list(options),
  };
  return {
    bucket: bucket as unknown as R2Bucket,
    puts,
    deletes,
    failPutWhen(rule: ((key: string, index: number) => boolean) | null) {
      failPut = rule;
    },
  };
}

export const recording = recordingBucket(env.PHOTOS);
/** The bindings the app runs with in these tests: env, with the recording bucket as PHOTOS. */
export const photoEnv = { ...env, PHOTOS: recording.bucket } as typeof env;

/** A request to the app with the recording bucket. */
export async function callWithPhotos(path: string, init?: RequestInit): Promise<Response> {
  return workerFetch(new Request(`http://localhost${path}`, init), photoEnv);
}

/** Sends a submission with photos; `feedback` is validFeedback() unless given. */
export async function submitWithPhotos(photos: PhotoPart[], options: { feedback?: unknown; key?: string } = {}): Promise<Response> {
  return callWithPhotos('/api/feedback', { method: 'POST', headers: await submissionHeaders(options.key), body: photoForm(options.feedback ?? validFeedback(), photos) });
}

export async function count(table: 'feedback' | 'feedback_attachments' | 'idempotency_keys'): Promise<number> {
  return (await env.DB.prepare(`select count(*) as n from ${table}`).first<{ n: number }>())!.n;
}

/** The counts a refused submission must leave as they were, and the puts it must not have made or left. */
export async function snapshot() {
  return { feedback: await count('feedback'), attachments: await count('feedback_attachments'), puts: recording.puts.length };
}

/** Every object the app put since `before` is gone from the store again. */
export async function nothingLeftSince(before: { puts: number }): Promise<string[]> {
  const left: string[] = [];
  for (const key of recording.puts.slice(before.puts)) if (await env.PHOTOS.head(key)) left.push(key);
  return left;
}

export async function bytesOf(object: { arrayBuffer(): Promise<ArrayBuffer> } | null): Promise<Uint8Array> {
  if (!object) throw new Error('no object');
  return new Uint8Array(await object.arrayBuffer());
}
