/**
 * Evidence photos for staff (issue 14): the detail lists them; a photo is served with the
 * detail's scope to every role that may open the feedback, viewers too, and every view is
 * audited as a reveal is; staff add photos to what they logged, audited, at most ten per
 * feedback, all or none: a refused or failed upload leaves no row and no object.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { addFeedbackPhotos } from '../../worker/db/staff-photos';
import { PHOTO_MAX_PER_FEEDBACK } from '../../worker/photos/limits';
import { newPhotoKey } from '../../worker/photos/keys';
import type { UploadedPhoto } from '../../worker/photos/upload';
import type { PhotoStore } from '../../worker/ports';
import { storeThenRecord } from '../../worker/routes/staff/photo-upload';
import { ApiError } from '../../worker/http/errors';
import { seedSample } from '../helpers/api';
import { fixtures, jpegSegments } from '../helpers/photos';
import { createDepartment, json, setFeedback, signedIn, staff, submitPublic, type TestUser } from './helpers';
import { jpeg, objectCount, phoneJpeg, upload } from './photos-helpers';
import type { StaffPhoto } from '../../worker/routes/staff/photo-view';

let departmentA: number;
let departmentB: number;
let admin: TestUser;
let handler: TestUser;
let other: TestUser;
let viewer: TestUser;
let scopedViewer: TestUser;

beforeAll(async () => {
  await seedSample();
  departmentA = await createDepartment();
  departmentB = await createDepartment();
  admin = await signedIn('admin');
  handler = await signedIn('handler', { departmentId: departmentA });
  other = await signedIn('handler', { departmentId: departmentB });
  viewer = await signedIn('viewer');
  scopedViewer = await signedIn('viewer', { departmentId: departmentB });
});

/** A photo the submitter sent: the object in the store and its row (as the public submission writes them). */
async function submittedPhoto(feedbackId: number, bytes = fixtures.posterJpeg(), name = '宣传栏.jpg'): Promise<{ id: number; key: string }> {
  const key = newPhotoKey('feedback');
  await env.PHOTOS.put(key, bytes, { httpMetadata: { contentType: 'image/jpeg' } });
  const row = await env.DB.prepare('insert into feedback_attachments (feedback_id, name, type, size, storage_key, width, height) values (?, ?, ?, ?, ?, 96, 64) returning id')
    .bind(feedbackId, name, 'image/jpeg', bytes.byteLength, key)
    .first<{ id: number }>();
  return { id: row!.id, key };
}

/** Web feedback of department A. */
async function webFeedbackOfA(): Promise<number> {
  const f = await submitPublic();
  await setFeedback(f.id, { department_id: departmentA });
  return f.id;
}

/** Feedback staff logged from a phone call, of department A. */
async function phoneFeedbackOfA(): Promise<number> {
  const f = await submitPublic();
  await setFeedback(f.id, { department_id: departmentA, channel: 'phone', client_hash: null, entered_by: admin.id });
  return f.id;
}

async function auditOf(action: string, feedbackId: number) {
  const rows = await env.DB.prepare('select actor_id, after from audit_log where action = ? and target_type = ? and target_id = ? order by id')
    .bind(action, 'feedback', String(feedbackId))
    .all<{ actor_id: number; after: string }>();
  return rows.results.map((r) => ({ actorId: r.actor_id, ...(JSON.parse(r.after) as Record<string, unknown>) }));
}

async function rowCount(feedbackId: number): Promise<number> {
  return (await env.DB.prepare('select count(*) as n from feedback_attachments where feedback_id = ?').bind(feedbackId).first<{ n: number }>())!.n;
}

describe('the photos of a feedback in its detail', () => {
  it('lists the stored and erased photos in order, each stored one with its audited address, never a mail attachment', async () => {
    const id = await webFeedbackOfA();
    const stored = await submittedPhoto(id);
    const erased = await env.DB.prepare("insert into feedback_attachments (feedback_id, name, type, size, width, height, erased_at) values (?, '旧照片.jpg', 'image/jpeg', 2048, 96, 64, ?) returning id")
      .bind(id, 1_700_000_000_000)
      .first<{ id: number }>();
    await env.DB.prepare("insert into feedback_attachments (feedback_id, name, type, size) values (?, '材料.pdf', 'application/pdf', 4096)").bind(id).run();

    const detail = await json<{ photos: StaffPhoto[]; allowedActions: { addPhotos: boolean } }>(await staff(`/feedback/${id}`, { cookie: handler.cookie }));

    expect(detail.photos).toEqual([
      { id: stored.id, name: '宣传栏.jpg', type: 'image/jpeg', size: fixtures.posterJpeg().byteLength, width: 96, height: 64, addedBy: null, createdAt: expect.any(Number), erasedAt: null, url: `/api/staff/feedback/${id}/photos/${stored.id}` },
      { id: erased!.id, name: '旧照片.jpg', type: 'image/jpeg', size: 2048, width: 96, height: 64, addedBy: null, createdAt: expect.any(Number), erasedAt: 1_700_000_000_000, url: null },
    ]);
    // A web submission's photos are the submitter's.
    expect(detail.allowedActions.addPhotos).toBe(false);
  });

  it('offers adding photos on feedback staff logged to those who may handle it, not to a viewer', async () => {
    const id = await phoneFeedbackOfA();
    const as = async (u: TestUser) => (await json<{ allowedActions: { addPhotos: boolean } }>(await staff(`/feedback/${id}`, { cookie: u.cookie }))).allowedActions.addPhotos;
    expect(await as(handler)).toBe(true);
    expect(await as(admin)).toBe(true);
    expect(await as(viewer)).toBe(false);
  });
});

describe('viewing a photo', () => {
  it('serves the bytes inline with their type, never cached, and audits the view', async () => {
    const id = await webFeedbackOfA();
    const bytes = fixtures.posterJpeg();
    const p = await submittedPhoto(id, bytes);

    const res = await staff(`/feedback/${id}/photos/${p.id}`, { cookie: handler.cookie });

    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('content-disposition')).toBe('inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await auditOf('feedback.photo_view', id)).toEqual([{ actorId: handler.id, photoId: p.id }]);
  });

  it('audits every view, each its own entry', async () => {
    const id = await webFeedbackOfA();
    const p = await submittedPhoto(id);
    for (const u of [handler, handler, admin]) expect((await staff(`/feedback/${id}/photos/${p.id}`, { cookie: u.cookie })).status).toBe(200);
    expect(await auditOf('feedback.photo_view', id)).toEqual([
      { actorId: handler.id, photoId: p.id },
      { actorId: handler.id, photoId: p.id },
      { actorId: admin.id, photoId: p.id },
    ]);
  });

  it('audits no HEAD request, which shows nothing', async () => {
    const id = await webFeedbackOfA();
    const p = await submittedPhoto(id);
    const res = await staff(`/feedback/${id}/photos/${p.id}`, { cookie: handler.cookie, method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(await auditOf('feedback.photo_view', id)).toEqual([]);
  });

  it('lets a viewer see it, audited as anyone', async () => {
    const id = await webFeedbackOfA();
    const p = await submittedPhoto(id);
    const res = await staff(`/feedback/${id}/photos/${p.id}`, { cookie: viewer.cookie });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(await auditOf('feedback.photo_view', id)).toEqual([{ actorId: viewer.id, photoId: p.id }]);
  });

  it.each([
    ['a handler of another department', () => other],
    ['a viewer of another department', () => scopedViewer],
  ])('is not found for %s, as the feedback is, and writes nothing', async (_who, user) => {
    const id = await webFeedbackOfA();
    const p = await submittedPhoto(id);

    const res = await staff(`/feedback/${id}/photos/${p.id}`, { cookie: user().cookie });

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'feedback_not_found', message: '找不到这条反馈，或者它不在您负责的范围内' } });
    expect((await staff(`/feedback/${id}`, { cookie: user().cookie })).status).toBe(404);
    expect(await auditOf('feedback.photo_view', id)).toEqual([]);
  });

  it('needs a session', async () => {
    const id = await webFeedbackOfA();
    const p = await submittedPhoto(id);
    const res = await staff(`/feedback/${id}/photos/${p.id}`);
    expect(res.status).toBe(401);
  });

  it("is not found through another feedback's address, for a mail attachment, or when the store has lost it; erased says so; none is audited", async () => {
    const id = await webFeedbackOfA();
    const elsewhere = await submittedPhoto(await webFeedbackOfA());
    const mail = await env.DB.prepare("insert into feedback_attachments (feedback_id, name, type, size) values (?, '材料.pdf', 'application/pdf', 4096) returning id").bind(id).first<{ id: number }>();
    const lost = await env.DB.prepare("insert into feedback_attachments (feedback_id, name, type, size, storage_key) values (?, '丢失.jpg', 'image/jpeg', 10, ?) returning id")
      .bind(id, newPhotoKey('feedback'))
      .first<{ id: number }>();
    const erased = await env.DB.prepare("insert into feedback_attachments (feedback_id, name, type, size, erased_at) values (?, '旧照片.jpg', 'image/jpeg', 10, 1) returning id").bind(id).first<{ id: number }>();
    const notFound = { error: { code: 'photo_not_found', message: '找不到这张照片，请刷新页面后重试' } };

    for (const photoId of [elsewhere.id, mail!.id, lost!.id, 999_999_999]) {
      const res = await staff(`/feedback/${id}/photos/${photoId}`, { cookie: admin.cookie });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual(notFound);
    }
    const res = await staff(`/feedback/${id}/photos/${erased!.id}`, { cookie: admin.cookie });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'photo_erased', message: '这张照片已按保存期限删除，只保留了文件名和大小的记录' } });
    expect(await auditOf('feedback.photo_view', id)).toEqual([]);
  });
});

describe('adding photos to feedback staff logged', () => {
  it('stores them stripped of their metadata, lists them with who added them, and audits the addition once', async () => {
    const id = await phoneFeedbackOfA();
    const objects = await objectCount();

    const res = await upload(`/feedback/${id}/photos`, handler.cookie, [phoneJpeg(), jpeg()]);

    expect(res.status).toBe(201);
    const body = await json<{ photos: StaffPhoto[]; added: number[] }>(res);
    expect(body.photos.map((p) => [p.name, p.type, p.width, p.height, p.addedBy])).toEqual([
      ['IMG_2048.JPG', 'image/jpeg', 96, 64, { id: handler.id, name: expect.any(String) }],
      ['现场.jpg', 'image/jpeg', 96, 64, { id: handler.id, name: expect.any(String) }],
    ]);
    expect(body.added).toEqual(body.photos.map((p) => p.id));
    expect(await objectCount()).toBe(objects + 2);
    // What is served is the photo without its Exif (and GPS): no APP1 left.
    const served = await staff(body.photos[0]!.url!.replace('/api/staff', ''), { cookie: handler.cookie });
    const bytes = new Uint8Array(await served.arrayBuffer());
    expect(jpegSegments(bytes).map((s) => s.marker)).not.toContain(0xe1);
    expect(body.photos[0]!.size).toBe(bytes.byteLength);
    // One entry for the addition, with ids and a count and no name.
    const added = await auditOf('feedback.photos_add', id);
    expect(added).toEqual([{ actorId: handler.id, photoIds: body.added, count: 2 }]);
    expect(JSON.stringify(added)).not.toContain('IMG_2048');
    // The detail lists them too.
    const detail = await json<{ photos: StaffPhoto[] }>(await staff(`/feedback/${id}`, { cookie: viewer.cookie }));
    expect(detail.photos).toEqual(body.photos);
  });

  it.each([
    ['an admin', () => admin, 201],
    ['a viewer', () => viewer, 403],
    ['a handler of another department', () => other, 404],
  ])('as %s answers %i; a refusal stores nothing', async (_who, user, status) => {
    const id = await phoneFeedbackOfA();
    const objects = await objectCount();
    const res = await upload(`/feedback/${id}/photos`, user().cookie, [jpeg()]);
    expect(res.status).toBe(status);
    expect(await rowCount(id)).toBe(status === 201 ? 1 : 0);
    expect(await objectCount()).toBe(objects + (status === 201 ? 1 : 0));
  });

  it("refuses a web submission's photos being added to, with the reason", async () => {
    const id = await webFeedbackOfA();
    const res = await upload(`/feedback/${id}/photos`, admin.cookie, [jpeg()]);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: { code: 'photos_not_addable', message: '网上提交的反馈只显示反映人自己上传的照片。工作人员只能给电话、信件、邮件或来访登记的反馈添加照片' },
    });
    expect(await rowCount(id)).toBe(0);
  });

  it(`keeps at most ${PHOTO_MAX_PER_FEEDBACK} photos on a feedback, saying how many more fit, and stores nothing past it`, async () => {
    const id = await phoneFeedbackOfA();
    for (let i = 0; i < 3; i++) expect((await upload(`/feedback/${id}/photos`, handler.cookie, [jpeg(), jpeg(), jpeg()])).status).toBe(201);
    const objects = await objectCount();

    const over = await upload(`/feedback/${id}/photos`, handler.cookie, [jpeg(), jpeg()]);
    expect(over.status).toBe(422);
    expect(await over.json()).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields: { photos: '这条反馈最多保存 10 张照片，还能再添加 1 张' } } });
    expect(await rowCount(id)).toBe(9);
    expect(await objectCount()).toBe(objects);

    expect((await upload(`/feedback/${id}/photos`, handler.cookie, [jpeg()])).status).toBe(201);
    const full = await upload(`/feedback/${id}/photos`, handler.cookie, [jpeg()]);
    expect(full.status).toBe(422);
    expect(await full.json()).toMatchObject({ error: { fields: { photos: '这条反馈最多保存 10 张照片，已经满了' } } });
    expect(await rowCount(id)).toBe(10);
    const detail = await json<{ allowedActions: { addPhotos: boolean } }>(await staff(`/feedback/${id}`, { cookie: handler.cookie }));
    expect(detail.allowedActions.addPhotos).toBe(false);
    expect(await auditOf('feedback.photos_add', id)).toHaveLength(4);
  });

  it('lets only one of two uploads racing for the last room through; the other stores nothing', async () => {
    const id = await phoneFeedbackOfA();
    for (let i = 0; i < 2; i++) expect((await upload(`/feedback/${id}/photos`, handler.cookie, [jpeg(), jpeg(), jpeg()])).status).toBe(201);
    const objects = await objectCount();

    const answers = await Promise.all([0, 1].map(() => upload(`/feedback/${id}/photos`, handler.cookie, [jpeg(), jpeg(), jpeg()])));

    expect(answers.map((r) => r.status).sort()).toEqual([201, 422]);
    expect(await rowCount(id)).toBe(9);
    expect(await objectCount()).toBe(objects + 3);
  });

  it('records none of the photos when the batch finds too little room (never some of them)', async () => {
    const id = await phoneFeedbackOfA();
    for (let i = 0; i < 8; i++) await submittedPhoto(id);
    const photos = [0, 1, 2].map(() => ({ storageKey: newPhotoKey('feedback'), name: 'a.jpg', type: 'image/jpeg', size: 1, width: 1, height: 1 }));

    expect(await addFeedbackPhotos(createDb(env.DB), id, photos, PHOTO_MAX_PER_FEEDBACK, admin.id, Date.now())).toBeNull();
    expect(await rowCount(id)).toBe(8);
    expect(await addFeedbackPhotos(createDb(env.DB), id, photos.slice(0, 2), PHOTO_MAX_PER_FEEDBACK, admin.id, Date.now())).toHaveLength(2);
    expect(await rowCount(id)).toBe(10);
    expect(await auditOf('feedback.photos_add', id)).toHaveLength(1);
  });

  it('refuses an upload with a file that is not a photo, naming it, and stores none of the upload', async () => {
    const id = await phoneFeedbackOfA();
    const objects = await objectCount();
    const res = await upload(`/feedback/${id}/photos`, handler.cookie, [jpeg(), { bytes: fixtures.setupRenamed(), name: 'setup.jpg' }]);
    expect(res.status).toBe(422);
    expect(await json<{ error: { fields: { photos: string } } }>(res)).toMatchObject({ error: { fields: { photos: expect.stringMatching(/^第 2 张照片：/) } } });
    expect(await rowCount(id)).toBe(0);
    expect(await objectCount()).toBe(objects);
    expect(await auditOf('feedback.photos_add', id)).toEqual([]);
  });

  it('refuses an upload without a photo', async () => {
    const id = await phoneFeedbackOfA();
    const res = await upload(`/feedback/${id}/photos`, handler.cookie, []);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { fields: { photos: '请选择要上传的照片' } } });
  });

  it('refuses a multipart post from another origin, and multipart anywhere but a photo route', async () => {
    const id = await phoneFeedbackOfA();
    const cross = await upload(`/feedback/${id}/photos`, handler.cookie, [jpeg()], { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect(await cross.json()).toMatchObject({ error: { code: 'bad_origin' } });
    const elsewhere = await upload(`/feedback/${id}/notes`, handler.cookie, [jpeg()]);
    expect(elsewhere.status).toBe(415);
    expect(await rowCount(id)).toBe(0);
  });

  it('when the store fails midway, answers 503 with a message, records nothing and deletes what it had put', async () => {
    const id = await phoneFeedbackOfA();
    const puts: string[] = [];
    const deleted: string[] = [];
    const failing = {
      async put(key: string) {
        puts.push(key);
        if (puts.length === 2) throw new Error('bucket unavailable');
        return null;
      },
      async get() {
        return null;
      },
      async delete(keys: string | string[]) {
        deleted.push(...(Array.isArray(keys) ? keys : [keys]));
      },
    } as unknown as R2Bucket;

    const res = await upload(`/feedback/${id}/photos`, handler.cookie, [jpeg(), jpeg()], { bindings: { ...env, PHOTOS: failing } });

    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 'photo_store_unavailable', message: '照片暂时无法保存，请稍后重试。这次上传的照片都没有保存' } });
    expect(await rowCount(id)).toBe(0);
    expect(deleted.sort()).toEqual(puts.sort());
    expect(await auditOf('feedback.photos_add', id)).toEqual([]);
  });
});

describe('storeThenRecord: the objects go when the record does not happen', () => {
  const photo = (): UploadedPhoto => ({ name: 'a.jpg', bytes: fixtures.posterJpeg(), contentType: 'image/jpeg', width: 96, height: 64, size: 10, sha256: '' });
  function memoryStore() {
    const objects = new Map<string, Uint8Array>();
    const store: PhotoStore = {
      put: async (k, b) => void objects.set(k, b),
      get: async () => null,
      delete: async (keys) => keys.forEach((k) => objects.delete(k)),
    };
    return { objects, store };
  }

  it('deletes the objects when the database batch fails, and answers 503', async () => {
    const { objects, store } = memoryStore();
    const attempt = storeThenRecord(store, [photo(), photo()], 'feedback', async (stored) => {
      expect(stored.map((p) => objects.has(p.storageKey))).toEqual([true, true]);
      throw new Error('D1_ERROR: database is locked');
    }, () => new ApiError(422, 'x', 'x'));
    await expect(attempt).rejects.toMatchObject({ status: 503, code: 'photo_store_unavailable' });
    expect(objects.size).toBe(0);
  });

  it('deletes the objects when nothing was recorded, and throws the refusal', async () => {
    const { objects, store } = memoryStore();
    const refusal = new ApiError(422, 'validation_failed', '满了');
    await expect(storeThenRecord(store, [photo()], 'items', async () => null, () => refusal)).rejects.toBe(refusal);
    expect(objects.size).toBe(0);
  });

  it('keeps them and returns the record when it is written', async () => {
    const { objects, store } = memoryStore();
    expect(await storeThenRecord(store, [photo()], 'items', async (stored) => stored.map((p) => p.storageKey), () => new ApiError(422, 'x', 'x'))).toEqual([...objects.keys()]);
    expect([...objects.keys()][0]).toMatch(/^items\/[0-9a-f]{32}$/);
  });
});
