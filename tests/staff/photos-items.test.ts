/**
 * Photos on staff comments on an item (issue 14): the author or an admin attaches them, audited;
 * a public progress update's photos are listed at their public address, an internal comment's
 * through the staff route, which only those who may read internal comments get.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { PHOTO_MAX_PER_COMMENT } from '../../worker/staff/photo-messages';
import { seedSample, SLUG } from '../helpers/api';
import { fixtures } from '../helpers/photos';
import { createDepartment, createItem, json, signedIn, staff, type TestUser } from './helpers';
import { jpeg, objectCount, upload } from './photos-helpers';

let departmentA: number;
let departmentB: number;
let admin: TestUser;
let author: TestUser;
let colleague: TestUser;
let other: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  await seedSample();
  departmentA = await createDepartment();
  departmentB = await createDepartment();
  admin = await signedIn('admin');
  author = await signedIn('handler', { departmentId: departmentA });
  colleague = await signedIn('handler', { departmentId: departmentA });
  other = await signedIn('handler', { departmentId: departmentB });
  viewer = await signedIn('viewer');
});

interface CommentPhoto {
  id: number;
  url: string;
  width: number;
  height: number;
  size: number;
  type: string;
  name: string;
}
interface Comment {
  id: number;
  body: string;
  public: boolean;
  photos: CommentPhoto[];
}

/** An item of department A with a comment by `author`; returns both ids. */
async function commentOnItemOfA(isPublic: boolean): Promise<{ itemId: number; commentId: number }> {
  const itemId = await createItem(SLUG, departmentA);
  const res = await staff(`/items/${itemId}/comments`, { method: 'POST', cookie: author.cookie, body: { body: isPublic ? '宣传栏已更新。' : '内部：已安排现场查看。', public: isPublic } });
  expect(res.status).toBe(201);
  return { itemId, commentId: (await json<{ id: number }>(res)).id };
}

async function commentsAs(user: TestUser, itemId: number): Promise<Comment[]> {
  return (await json<{ comments: Comment[] }>(await staff(`/items/${itemId}/comments`, { cookie: user.cookie }))).comments;
}

async function auditOf(itemId: number) {
  const rows = await env.DB.prepare("select actor_id, after from audit_log where action = 'item.comment_photos_add' and target_type = 'item' and target_id = ? order by id")
    .bind(String(itemId))
    .all<{ actor_id: number; after: string }>();
  return rows.results.map((r) => ({ actorId: r.actor_id, ...(JSON.parse(r.after) as Record<string, unknown>) }));
}

describe('attaching photos to a comment', () => {
  it("answers with the comment and its photos; a public update's at their public address, keyed as stored; audited once", async () => {
    const { itemId, commentId } = await commentOnItemOfA(true);

    const res = await upload(`/items/${itemId}/comments/${commentId}/photos`, author.cookie, [jpeg(), { bytes: fixtures.posterPng(), name: '对比.png', type: 'image/png' }]);

    expect(res.status).toBe(201);
    const comment = await json<Comment & { added: number[] }>(res);
    expect(comment).toMatchObject({ id: commentId, body: '宣传栏已更新。', public: true });
    expect(comment.photos.map((p) => [p.name, p.type, p.width, p.height])).toEqual([
      ['现场.jpg', 'image/jpeg', 96, 64],
      ['对比.png', 'image/png', 96, 64],
    ]);
    expect(comment.added).toEqual(comment.photos.map((p) => p.id));
    for (const p of comment.photos) {
      const hex = /^\/api\/item-photos\/([0-9a-f]{32})$/.exec(p.url)![1];
      expect(await env.PHOTOS.head(`items/${hex}`)).not.toBeNull();
    }
    expect(await auditOf(itemId)).toEqual([{ actorId: author.id, commentId, photoIds: comment.added, count: 2 }]);
    expect((await commentsAs(other, itemId)).find((c) => c.id === commentId)!.photos).toEqual(comment.photos);
  });

  it.each([
    ['an admin', () => admin, 201, null],
    ['a colleague of the same department who did not write it', () => colleague, 403, '只有写这条说明的同事或管理员可以给它添加照片'],
    ['a handler of another department', () => other, 403, '只有写这条说明的同事或管理员可以给它添加照片'],
    ['a viewer', () => viewer, 403, '您的账号没有权限进行这项操作'],
  ])('as %s answers %i, and a refusal stores nothing', async (_who, user, status, message) => {
    const { itemId, commentId } = await commentOnItemOfA(false);
    const objects = await objectCount();
    const res = await upload(`/items/${itemId}/comments/${commentId}/photos`, user().cookie, [jpeg()]);
    expect(res.status).toBe(status);
    if (message) expect(await res.json()).toEqual({ error: { code: 'forbidden', message } });
    expect(await objectCount()).toBe(objects + (status === 201 ? 1 : 0));
    expect(await auditOf(itemId)).toHaveLength(status === 201 ? 1 : 0);
  });

  it("is not found for another item's comment", async () => {
    const { commentId } = await commentOnItemOfA(true);
    const elsewhere = await createItem(SLUG, departmentA);
    const res = await upload(`/items/${elsewhere}/comments/${commentId}/photos`, admin.cookie, [jpeg()]);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'comment_not_found', message: '找不到这条进展说明，它可能不属于这项整改事项。请刷新页面' } });
  });

  it(`keeps at most ${PHOTO_MAX_PER_COMMENT} photos on a comment`, async () => {
    const { itemId, commentId } = await commentOnItemOfA(true);
    for (let i = 0; i < 3; i++) expect((await upload(`/items/${itemId}/comments/${commentId}/photos`, author.cookie, [jpeg(), jpeg(), jpeg()])).status).toBe(201);
    const objects = await objectCount();
    const res = await upload(`/items/${itemId}/comments/${commentId}/photos`, author.cookie, [jpeg(), jpeg()]);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { fields: { photos: '一条进展说明最多附 10 张照片，还能再添加 1 张' } } });
    expect(await objectCount()).toBe(objects);
    expect((await commentsAs(author, itemId))[0]!.photos).toHaveLength(9);
  });
});

describe("an internal comment's photos", () => {
  it('are listed at the staff route to those who read internal comments, and served to them only', async () => {
    const { itemId, commentId } = await commentOnItemOfA(false);
    const added = await json<Comment>(await upload(`/items/${itemId}/comments/${commentId}/photos`, author.cookie, [jpeg()]));
    const [photo] = added.photos;
    expect(photo!.url).toBe(`/api/staff/items/${itemId}/comments/${commentId}/photos/${photo!.id}`);
    expect((await commentsAs(author, itemId)).find((c) => c.id === commentId)!.photos).toEqual(added.photos);
    expect((await commentsAs(other, itemId)).find((c) => c.id === commentId)).toBeUndefined();

    const path = photo!.url.replace('/api/staff', '');
    for (const user of [author, colleague, admin, viewer]) {
      const res = await staff(path, { cookie: user.cookie });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(fixtures.posterJpeg());
    }
    const refused = await staff(path, { cookie: other.cookie });
    expect(refused.status).toBe(404);
    expect(await refused.json()).toEqual({ error: { code: 'photo_not_found', message: '找不到这张照片，请刷新页面后重试' } });
    expect((await staff(`/items/${itemId}/comments/${commentId}/photos/${photo!.id + 100_000}`, { cookie: admin.cookie })).status).toBe(404);
    expect((await staff(path)).status).toBe(401);
  });
});
