/**
 * readPhotoUpload, the one reader of photo uploads (the public's submission and staff's uploads):
 * what it gives back, and the options and refusals the submission tests do not reach.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../worker/http/errors';
import { photoMessages, photoUploadMessages } from '../../worker/messages';
import { cleanPhotoName, readPhotoUpload } from '../../worker/photos/upload';
import { exifApp1, fixtures, jpegWith } from '../helpers/photos';

function request(form: FormData | string, contentType?: string): Request {
  return new Request('http://localhost/upload', { method: 'POST', body: form, headers: contentType ? { 'content-type': contentType } : {} });
}

function formOf(parts: Array<[string, string | File]>): FormData {
  const form = new FormData();
  for (const [name, value] of parts) form.append(name, value);
  return form;
}

const file = (bytes: Uint8Array, name = 'a.jpg', type = 'image/jpeg') => new File([bytes as Uint8Array<ArrayBuffer>], name, { type });

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('readPhotoUpload', () => {
  it('gives the text fields and each photo stripped, typed, sized and hashed, in order', async () => {
    const upload = await readPhotoUpload(
      request(formOf([['note', '宣传栏'], ['photo', file(jpegWith(fixtures.posterJpeg(), [exifApp1()]))], ['photo', file(fixtures.posterPng(), 'b.png', 'application/octet-stream')]])),
    );
    expect(upload.fields).toEqual({ note: '宣传栏' });
    expect(upload.photos.map(({ bytes: _b, sha256: _h, ...p }) => p)).toEqual([
      { name: 'a.jpg', contentType: 'image/jpeg', width: 96, height: 64, size: fixtures.posterJpeg().length },
      { name: 'b.png', contentType: 'image/png', width: 96, height: 64, size: fixtures.posterPng().length },
    ]);
    expect(upload.photos[0]!.bytes).toEqual(fixtures.posterJpeg());
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', fixtures.posterJpeg() as Uint8Array<ArrayBuffer>));
    expect(upload.photos[0]!.sha256).toBe(Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''));
  });

  it('takes an upload without photos unless photos are required', async () => {
    expect((await readPhotoUpload(request(formOf([['note', 'x']])))).photos).toEqual([]);
    const err = await refusal(readPhotoUpload(request(formOf([['note', 'x']])), { required: true }));
    expect([err.status, err.fields]).toEqual([422, { photos: photoUploadMessages.none }]);
  });

  it('keeps to a smaller count when asked', async () => {
    const two = formOf([['photo', file(fixtures.posterJpeg())], ['photo', file(fixtures.posterJpeg())]]);
    const err = await refusal(readPhotoUpload(request(two), { maxCount: 1 }));
    expect(err.status).toBe(422);
  });

  it('refuses a text part named photo as an unknown file', async () => {
    const err = await refusal(readPhotoUpload(request(formOf([['photo', 'not a file']]))));
    expect(err.fields).toEqual({ photos: `第 1 张照片：${photoMessages.unknown}` });
  });

  it('answers 415 to a body that is not multipart', async () => {
    const err = await refusal(readPhotoUpload(request('{}', 'application/json')));
    expect([err.status, err.message]).toEqual([415, photoUploadMessages.notMultipart]);
  });
});

describe('cleanPhotoName', () => {
  it.each([
    ['IMG_0001.jpg', 'IMG_0001.jpg'],
    ['C:\\Users\\张三\\Desktop\\宣传栏.jpg', '宣传栏.jpg'],
    ['/home/li/photos/road.png', 'road.png'],
    ['\u202Egpj.exe', 'gpj.exe'],
    ['bad\u0000name\n.jpg', 'badname.jpg'],
    ['   ', '照片2.jpg'],
    ['folder/', '照片2.jpg'],
  ])('makes %j %j', (raw, clean) => {
    expect(cleanPhotoName(raw, 2, 'image/jpeg')).toBe(clean);
  });

  it('keeps at most 100 characters, and names an unnamed PNG .png', () => {
    expect([...cleanPhotoName('照'.repeat(300), 1, 'image/jpeg')]).toHaveLength(100);
    expect(cleanPhotoName('', 3, 'image/png')).toBe('照片3.png');
  });
});
