/**
 * A public submission with photos (issue 14): multipart POST /api/feedback, stored with all its
 * photos or none. Every bad input of the issue gets a clear status and a Chinese message and
 * leaves no feedback row, no attachment row and no object in the photo store; the stored photos
 * carry no location; a retry with the same photos replays the receipt, other photos conflict.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { photoMessages, photoUploadMessages } from '../../worker/messages';
import { PHOTO_MAX_BYTES, PHOTO_UPLOAD_MAX_BYTES } from '../../worker/photos/limits';
import { stripPhoto } from '../../worker/photos/strip';
import { postJson, seedSample, validFeedback, type ErrorJson } from '../helpers/api';
import { ascii, comment, exifApp1, fixtures, hugeExifApp1, jpegWith, pngBomb, pngWith, textChunk, xmpApp1 } from '../helpers/photos';
import {
  bytesOf, callWithPhotos, count, encoded, nothingLeftSince, photoForm, recording, snapshot, submissionHeaders, submitWithPhotos, type PhotoPart,
} from './photos-helpers';

interface Receipt {
  ref: string;
  queryCode: string;
  acknowledgeBy: string;
  replyBy: string;
  photos: number;
}

interface PhotoError extends ErrorJson {
  error: ErrorJson['error'] & { photos?: Array<{ index: number; reason: string; message: string }> };
}

/** A phone's JPEG: Exif with a GPS IFD (39°54′27″N 116°23′17″E), XMP with the same, a comment with coordinates. */
const phoneJpeg = () => jpegWith(fixtures.posterJpeg(), [exifApp1(), xmpApp1(), comment()]);
const pngWithText = () => pngWith(fixtures.posterPng(), [textChunk()]);

const contains = (haystack: Uint8Array, needle: string) => {
  const n = ascii(needle);
  outer: for (let i = 0; i + n.length <= haystack.length; i++) {
    for (let k = 0; k < n.length; k++) if (haystack[i + k] !== n[k]) continue outer;
    return true;
  }
  return false;
};

/** Sends the submission and checks that it was refused whole: no rows, no object left in the store. */
async function refusedWhole(send: () => Promise<Response>): Promise<{ status: number; body: PhotoError }> {
  const before = await snapshot();
  const res = await send();
  const body = (await res.json()) as PhotoError;
  expect(await count('feedback')).toBe(before.feedback);
  expect(await count('feedback_attachments')).toBe(before.attachments);
  expect(await nothingLeftSince(before)).toEqual([]);
  return { status: res.status, body };
}

beforeAll(async () => {
  await seedSample();
});

describe('POST /api/feedback with photos: bad input is refused whole, with a clear message', () => {
  it('refuses a program renamed .jpg, by its bytes, and says it is not a photo', async () => {
    const { status, body } = await refusedWhole(() => submitWithPhotos([{ bytes: fixtures.setupRenamed(), name: 'setup.jpg', type: 'image/jpeg' }]));
    expect(status).toBe(422);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.fields!.photos).toBe(`第 1 张照片：${photoMessages.executable}`);
    expect(body.error.photos).toEqual([{ index: 0, reason: 'executable', message: photoMessages.executable }]);
  });

  it('names each refused photo, the first in the field message, and keeps none of the good ones', async () => {
    const { status, body } = await refusedWhole(() =>
      submitWithPhotos([{ bytes: fixtures.posterJpeg() }, { bytes: fixtures.iphoneHeic(), name: 'IMG_0001.HEIC', type: 'image/heic' }, { bytes: pngBomb(), name: 'x.png' }]),
    );
    expect(status).toBe(422);
    expect(body.error.fields!.photos).toBe(`第 2 张照片：${photoMessages.heic}`);
    expect(body.error.photos).toEqual([
      { index: 1, reason: 'heic', message: photoMessages.heic },
      { index: 2, reason: 'tooManyPixels', message: photoMessages.tooManyPixels },
    ]);
  });

  it('refuses a HEIC photo with what to do instead', async () => {
    const { status, body } = await refusedWhole(() => submitWithPhotos([{ bytes: fixtures.iphoneHeic(), name: 'IMG_0001.HEIC', type: 'image/heic' }]));
    expect(status).toBe(422);
    expect(body.error.fields!.photos).toBe(`第 1 张照片：${photoMessages.heic}`);
  });

  it('refuses a truncated JPEG', async () => {
    const jpeg = fixtures.posterJpeg();
    const { status, body } = await refusedWhole(() => submitWithPhotos([{ bytes: jpeg.subarray(0, Math.floor(jpeg.length / 2)) }]));
    expect(status).toBe(422);
    expect(body.error.fields!.photos).toBe(`第 1 张照片：${photoMessages.truncated}`);
  });

  it('refuses a JPEG whose Exif blocks run past 1 MB, saying so', async () => {
    const huge = jpegWith(fixtures.posterJpeg(), [exifApp1(), ...Array.from({ length: 17 }, hugeExifApp1)]);
    expect(huge.length).toBeGreaterThan(1024 * 1024);
    const { status, body } = await refusedWhole(() => submitWithPhotos([{ bytes: huge }]));
    expect(status).toBe(422);
    expect(body.error.fields!.photos).toBe(`第 1 张照片：${photoMessages.metadataTooLarge}`);
  });

  it('refuses a PNG bomb (100000 × 100000 px declared in a few KB)', async () => {
    const { status, body } = await refusedWhole(() => submitWithPhotos([{ bytes: pngBomb(), name: 'bomb.png', type: 'image/png' }]));
    expect(status).toBe(422);
    expect(body.error.fields!.photos).toBe(`第 1 张照片：${photoMessages.tooManyPixels}`);
  });

  it('refuses ten files at once before looking at any of them', async () => {
    const ten = Array.from({ length: 10 }, (): PhotoPart => ({ bytes: fixtures.posterJpeg() }));
    const { status, body } = await refusedWhole(() => submitWithPhotos(ten));
    expect(status).toBe(422);
    expect(body.error.fields!.photos).toBe(photoUploadMessages.tooMany);
    expect(body.error.fields!.photos).toBe('一次最多上传 3 张照片');
  });

  it('refuses one photo over 8 MB with 413, naming it', async () => {
    const big = jpegWith(fixtures.posterJpeg(), [], new Uint8Array(PHOTO_MAX_BYTES + 1));
    const { status, body } = await refusedWhole(() => submitWithPhotos([{ bytes: fixtures.posterJpeg() }, { bytes: big }]));
    expect(status).toBe(413);
    expect(body.error.code).toBe('upload_too_large');
    expect(body.error.fields!.photos).toBe(photoUploadMessages.photoTooLarge(2));
  });

  it('refuses a 30 MB upload that declares its length with 413 before reading a byte of it', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 65_536;
        controller.enqueue(new Uint8Array(65_536));
      },
    });
    const headers = { ...(await submissionHeaders()), 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(30 * 1024 * 1024) };
    const { status, body: error } = await refusedWhole(() => callWithPhotos('/api/feedback', { method: 'POST', headers, body, duplex: 'half' } as RequestInit));
    expect(status).toBe(413);
    expect(error.error.message).toBe(photoUploadMessages.tooLarge);
    expect(error.error.message).toBe('上传的内容太大：每张照片不能超过 8 MB，一次最多 3 张');
    // A stream may be asked for its first chunk when the request is made; never for more.
    expect(pulled).toBeLessThanOrEqual(65_536 * 2);
  });

  it('refuses a 30 MB upload without a declared length with 413, reading no more than the limit', async () => {
    const { bytes: head, contentType } = await encoded(photoForm(validFeedback(), [{ bytes: fixtures.posterJpeg() }]));
    let sent = 0;
    const total = 30 * 1024 * 1024;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= total) return controller.close();
        const chunk = sent === 0 ? head : new Uint8Array(65_536);
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const headers = { ...(await submissionHeaders()), 'content-type': contentType };
    const { status, body: error } = await refusedWhole(() => callWithPhotos('/api/feedback', { method: 'POST', headers, body, duplex: 'half' } as RequestInit));
    expect(status).toBe(413);
    expect(error.error.code).toBe('upload_too_large');
    expect(sent).toBeLessThan(PHOTO_UPLOAD_MAX_BYTES + 3 * 65_536);
  });

  it('answers an upload cut off midway (the stream errors) with 400 and stores nothing', async () => {
    const { bytes, contentType } = await encoded(photoForm(validFeedback(), [{ bytes: phoneJpeg() }, { bytes: fixtures.posterPng(), name: 'b.png', type: 'image/png' }]));
    let step = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (step++ === 0) controller.enqueue(bytes.subarray(0, Math.floor(bytes.length / 2)));
        else controller.error(new TypeError('network connection lost'));
      },
    });
    const headers = { ...(await submissionHeaders()), 'content-type': contentType };
    const { status, body: error } = await refusedWhole(() => callWithPhotos('/api/feedback', { method: 'POST', headers, body, duplex: 'half' } as RequestInit));
    expect(status).toBe(400);
    expect(error.error).toEqual({ code: 'upload_incomplete', message: '上传没有完成（网络可能中断了），请重新提交' });
  });

  it('answers a body that ends before its closing boundary, or before its declared length, with 400', async () => {
    const { bytes, contentType } = await encoded(photoForm(validFeedback(), [{ bytes: phoneJpeg() }]));
    const cut = bytes.slice(0, bytes.length - 200);
    for (const extra of [{}, { 'content-length': String(bytes.length) }] as Record<string, string>[]) {
      const headers = { ...(await submissionHeaders()), 'content-type': contentType, ...extra };
      const { status, body } = await refusedWhole(() => callWithPhotos('/api/feedback', { method: 'POST', headers, body: cut }));
      expect(status).toBe(400);
      expect(body.error.code).toBe('upload_incomplete');
      expect(body.error.message).toBe(photoUploadMessages.incomplete);
    }
  });

  it('validates the feedback part as the JSON body, with the same message per field', async () => {
    const { status, body } = await refusedWhole(() => submitWithPhotos([{ bytes: fixtures.posterJpeg() }], { feedback: validFeedback({ content: '短' }) }));
    expect(status).toBe(422);
    const json = (await (await postJson('/api/feedback', validFeedback({ content: '短' }))).json()) as ErrorJson;
    expect(body.error.fields).toEqual(json.error.fields);
  });

  it('names the form\'s problems and the photos\' in one answer, so that all are fixed at once', async () => {
    const { status, body } = await refusedWhole(() =>
      submitWithPhotos([{ bytes: fixtures.posterJpeg() }, { bytes: fixtures.iphoneHeic(), name: 'IMG_0002.HEIC' }], { feedback: validFeedback({ content: '短', kind: null }) }),
    );
    expect(status).toBe(422);
    const json = (await (await postJson('/api/feedback', validFeedback({ content: '短', kind: null }))).json()) as ErrorJson;
    expect(body.error.fields).toEqual({ ...json.error.fields, photos: `第 2 张照片：${photoMessages.heic}` });
    expect(Object.keys(json.error.fields!)).toEqual(expect.arrayContaining(['content', 'kind']));
    expect(body.error.photos).toEqual([{ index: 1, reason: 'heic', message: photoMessages.heic }]);
  });

  it('answers a multipart body without its feedback part, or with broken JSON in it, with 400', async () => {
    const form = new FormData();
    form.append('photo', new File([fixtures.posterJpeg() as Uint8Array<ArrayBuffer>], 'a.jpg', { type: 'image/jpeg' }));
    const missing = await refusedWhole(async () => callWithPhotos('/api/feedback', { method: 'POST', headers: await submissionHeaders(), body: form }));
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe(photoUploadMessages.feedbackPartMissing);
    const broken = await refusedWhole(() => submitWithPhotos([{ bytes: fixtures.posterJpeg() }], { feedback: '{"content":' }));
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('malformed_json');
  });

  it('answers a body that is neither JSON nor multipart with 415, naming both', async () => {
    const { status, body } = await refusedWhole(async () =>
      callWithPhotos('/api/feedback', { method: 'POST', headers: { ...(await submissionHeaders()), 'content-type': 'image/jpeg' }, body: fixtures.posterJpeg() as Uint8Array<ArrayBuffer> }),
    );
    expect(status).toBe(415);
    expect(body.error.message).toBe(photoUploadMessages.notJsonOrMultipart);
  });

  it('never answers 500 to malformed multipart bodies', async () => {
    const { bytes, contentType } = await encoded(photoForm(validFeedback(), [{ bytes: fixtures.posterJpeg() }]));
    const boundary = contentType.split('boundary=')[1]!;
    const text = new TextDecoder('latin1').decode(bytes);
    const cases: Array<[string, BodyInit]> = [
      ['multipart/form-data', bytes as Uint8Array<ArrayBuffer>],
      ['multipart/form-data; boundary=other', bytes as Uint8Array<ArrayBuffer>],
      [contentType, crypto.getRandomValues(new Uint8Array(4096))],
      [contentType, ''],
      [contentType, `--${boundary}\r\n\r\nno headers\r\n--${boundary}--\r\n`],
      [contentType, text.replace(/Content-Disposition: form-data; name="photo"/i, 'Content-Disposition: attachment')],
      [contentType, `--${boundary}\r\nContent-Disposition: form-data; name="feedback"\r\n\r\n${'['.repeat(5000)}\r\n--${boundary}--\r\n`],
    ];
    for (const [type, body] of cases) {
      const { status, body: error } = await refusedWhole(async () => callWithPhotos('/api/feedback', { method: 'POST', headers: { ...(await submissionHeaders()), 'content-type': type }, body }));
      expect(status, type).toBeGreaterThanOrEqual(400);
      expect(status, type).toBeLessThan(500);
      expect(error.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('answers 503 when the photo store fails, deletes the photos already put, and stores no feedback', async () => {
    recording.failPutWhen((_key, index) => index % 2 === 1);
    try {
      const { status, body } = await refusedWhole(() => submitWithPhotos([{ bytes: fixtures.posterJpeg() }, { bytes: fixtures.posterPng(), name: 'b.png' }]));
      expect(status).toBe(503);
      expect(body.error).toEqual({ code: 'photos_unavailable', message: photoUploadMessages.storeFailed });
    } finally {
      recording.failPutWhen(null);
    }
  });
});

describe('POST /api/feedback with photos: stored with the feedback, without their metadata', () => {
  it('stores two photos stripped of GPS and Exif, with their rows, and counts them in the receipt', async () => {
    const before = await snapshot();
    const jpeg = phoneJpeg();
    expect(contains(jpeg, 'Exif')).toBe(true);
    const res = await submitWithPhotos([
      { bytes: jpeg, name: 'C:\\Users\\张三\\Pictures\\IMG_20261130_0930.jpg' },
      { bytes: pngWithText(), name: '../', type: 'image/png' },
    ]);
    expect(res.status).toBe(201);
    const receipt = (await res.json()) as Receipt;
    expect(receipt.photos).toBe(2);
    expect(receipt.ref).toMatch(/^DX-/);

    const id = (await env.DB.prepare('select id from feedback where ref = ?').bind(receipt.ref).first<{ id: number }>())!.id;
    const rows = (await env.DB.prepare('select * from feedback_attachments where feedback_id = ? order by id').bind(id).all<Record<string, unknown>>()).results;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ name: 'IMG_20261130_0930.jpg', type: 'image/jpeg', width: 96, height: 64, added_by: null, erased_at: null });
    expect(rows[1]).toMatchObject({ name: '照片2.png', type: 'image/png', width: 96, height: 64, added_by: null });
    expect(recording.puts.slice(before.puts)).toEqual(rows.map((r) => r.storage_key));

    const stored = await bytesOf(await env.PHOTOS.get(rows[0]!.storage_key as string));
    expect(stored).toEqual((stripPhoto(jpeg) as { bytes: Uint8Array }).bytes);
    expect(rows[0]!.size).toBe(stored.length);
    for (const marker of ['Exif', 'GPS', 'xpacket', 'Xiaomi']) expect(contains(stored, marker)).toBe(false);
    const png = await bytesOf(await env.PHOTOS.get(rows[1]!.storage_key as string));
    expect(contains(png, 'tEXt')).toBe(false);
    expect((await env.PHOTOS.get(rows[1]!.storage_key as string))!.httpMetadata?.contentType).toBe('image/png');
  });

  it('keeps a phone-sized Exif block (64 KB) by stripping it, not refusing the photo', async () => {
    const res = await submitWithPhotos([{ bytes: jpegWith(fixtures.posterJpeg(), [exifApp1(), hugeExifApp1()]) }]);
    expect(res.status).toBe(201);
    expect(((await res.json()) as Receipt).photos).toBe(1);
  });

  it('answers a replay with the same photos with the same receipt and stores nothing new; other photos are a conflict', async () => {
    const key = crypto.randomUUID();
    const photos = [{ bytes: phoneJpeg() }, { bytes: fixtures.posterPng(), name: 'b.png', type: 'image/png' }];
    const first = await submitWithPhotos(photos, { key });
    expect(first.status).toBe(201);
    const receipt = await first.json();
    const before = await snapshot();

    const again = await submitWithPhotos(photos, { key });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(receipt);
    expect(await snapshot()).toEqual(before);

    // The same photos in another order are other photos. (The hash is of the stripped bytes: the
    // same picture with other metadata is the same photo.)
    const other = await refusedWhole(() => submitWithPhotos([photos[1]!, photos[0]!], { key }));
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_conflict');
    const fewer = await refusedWhole(() => submitWithPhotos([photos[0]!], { key }));
    expect(fewer.status).toBe(409);
    const none = await postJson('/api/feedback', validFeedback(), { 'idempotency-key': key });
    expect(none.status).toBe(409);
  });

  it("refuses photos without a proof of work that holds before reading them; a stored submission's retry needs none", async () => {
    // A program named as a photo: read, it would be refused 422; not read, the missing proof is the answer.
    const program = new Uint8Array(4096);
    program.set([0x4d, 0x5a]);
    const { bytes, contentType } = await encoded(photoForm(validFeedback(), [{ bytes: program, name: 'photo.jpg', type: 'image/jpeg' }]));
    const attachmentsBefore = await count('feedback_attachments');
    for (const proof of [undefined, 'not-a-proof', btoa(JSON.stringify({ algorithm: 'SHA-256', challenge: 'x', number: 1, salt: 'y', signature: 'z' }))]) {
      let pulled = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += bytes.length;
          controller.enqueue(bytes);
          controller.close();
        },
      });
      const { 'x-proof': _solved, ...headers } = await submissionHeaders();
      const res = await callWithPhotos('/api/feedback', {
        method: 'POST', headers: { ...headers, ...(proof ? { 'x-proof': proof } : {}), 'content-type': contentType }, body, duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(403);
      expect(((await res.json()) as ErrorJson).error.code).toBe('proof_invalid');
      // A stream may be asked for its first chunk when the request is made; the photos are never checked.
      expect(pulled).toBeLessThanOrEqual(bytes.length);
      expect(await count('feedback_attachments')).toBe(attachmentsBefore);
    }

    const key = crypto.randomUUID();
    const photos = [{ bytes: phoneJpeg() }];
    const first = await submitWithPhotos(photos, { key });
    expect(first.status).toBe(201);
    const { 'x-proof': _used, ...noProof } = await submissionHeaders(key);
    const { bytes: again, contentType: type } = await encoded(photoForm(validFeedback(), photos));
    const retry = await callWithPhotos('/api/feedback', { method: 'POST', headers: { ...noProof, 'content-type': type }, body: again as BodyInit });
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual(await first.json());
  });

  it('stores one feedback when the same submission races itself, and leaves no photo without its row', async () => {
    const key = crypto.randomUUID();
    const before = await snapshot();
    const photos = [{ bytes: phoneJpeg() }];
    const [a, b] = await Promise.all([submitWithPhotos(photos, { key }), submitWithPhotos(photos, { key })]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(await a.json()).toEqual(await b.json());
    expect(await count('feedback')).toBe(before.feedback + 1);
    expect(await count('feedback_attachments')).toBe(before.attachments + 1);
    const keys = (await env.DB.prepare('select storage_key from feedback_attachments order by id desc limit 1').all<{ storage_key: string }>()).results.map((r) => r.storage_key);
    for (const put of recording.puts.slice(before.puts)) expect(Boolean(await env.PHOTOS.head(put))).toBe(keys.includes(put));
  });

  it('still takes a JSON submission, whose receipt counts no photos', async () => {
    const res = await postJson('/api/feedback', validFeedback());
    expect(res.status).toBe(201);
    expect(((await res.json()) as Receipt).photos).toBe(0);
  });
});
