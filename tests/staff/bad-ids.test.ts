/**
 * An id in a staff path that cannot be an id: 400 digits (Infinity to Number(), which the
 * database drivers refuse), or past 2^53 − 1 (where two ids read as one). Each route answers
 * it as an id that does not exist: 404 with its own not-found message, never a 500, and never
 * another row's answer. Bodies are valid, so that only the id is at fault.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { positiveId } from '../../worker/http/id-param';
import { errorMessages } from '../../worker/messages';
import { notifyErrors } from '../../worker/notify/messages';
import { staffErrors, staffFieldMessages } from '../../worker/staff/messages';
import { staffPhotoMessages } from '../../worker/staff/photo-messages';
import { seedSample, SLUG } from '../helpers/api';
import { createItem, json, signedIn, staff, submitPublic, type TestUser } from './helpers';

/** Infinity to Number(). */
const HUGE = '9'.repeat(400);
/** 2^53 + 1: Number() reads it as 2^53. */
const PAST_SAFE = '9007199254740993';
const TWENTY_DIGITS = '12345678901234567890';

const feedback = { code: 'feedback_not_found', message: staffErrors.feedbackNotFound };
const item = { code: 'item_not_found', message: errorMessages.itemNotFound };
const photo = { code: 'photo_not_found', message: staffPhotoMessages.photoNotFound };
const comment = { code: 'comment_not_found', message: staffPhotoMessages.commentNotFound };
const template = { code: 'template_not_found', message: staffErrors.templateNotFound };
const target = { code: 'target_not_found', message: notifyErrors.targetNotFound };
const department = { code: 'department_not_found', message: staffErrors.departmentNotFound };
const user = { code: 'user_not_found', message: staffErrors.userNotFound };

let admin: TestUser;
let feedbackId: number;
let itemId: number;

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  feedbackId = (await submitPublic()).id;
  itemId = await createItem(SLUG, null);
});

/** Each route with `{id}` where the bad id goes, a valid body, and the answer for an id that names nothing. */
const routes = (): Array<[method: string, path: string, body: unknown, expected: { code: string; message: string }]> => [
  ['GET', '/feedback/{id}', undefined, feedback],
  ['POST', '/feedback/{id}/reveal', undefined, feedback],
  ['POST', '/feedback/{id}/transition', { to: 'accepted' }, feedback],
  ['POST', '/feedback/{id}/notes', { text: '已电话联系反映人' }, feedback],
  ['POST', '/feedback/{id}/extend', { days: 5, reason: '需要现场核实' }, feedback],
  ['POST', '/feedback/{id}/assignment', { departmentId: null }, feedback],
  ['POST', '/feedback/{id}/return', { reason: '不属于本部门' }, feedback],
  ['POST', '/feedback/{id}/seen', undefined, feedback],
  ['GET', '/feedback/{id}/similar', undefined, feedback],
  ['POST', '/feedback/{id}/attention', { text: null }, feedback],
  ['POST', '/feedback/{id}/photos', undefined, feedback],
  ['GET', '/feedback/{id}/photos/1', undefined, feedback],
  ['GET', `/feedback/${feedbackId}/photos/{id}`, undefined, photo],
  ['GET', '/items/{id}/comments', undefined, item],
  ['POST', '/items/{id}/comments', { body: '已完成整改', public: false }, item],
  ['POST', '/items/{id}/department', { departmentId: null }, item],
  ['GET', '/items/{id}/comments/1/photos/1', undefined, item],
  ['POST', `/items/${itemId}/comments/{id}/photos`, undefined, comment],
  ['GET', `/items/${itemId}/comments/{id}/photos/1`, undefined, photo],
  ['GET', `/items/${itemId}/comments/1/photos/{id}`, undefined, photo],
  ['PATCH', '/reply-templates/{id}', { updatedAt: 1 }, template],
  ['DELETE', '/reply-templates/{id}?updatedAt=1', undefined, template],
  ['PATCH', '/notify-targets/{id}', { updatedAt: 1 }, target],
  ['DELETE', '/notify-targets/{id}?updatedAt=1', undefined, target],
  ['POST', '/notify-targets/{id}/test', undefined, target],
  ['GET', '/departments/{id}', undefined, department],
  ['PATCH', '/departments/{id}', { name: '新的部门名称' }, department],
  ['POST', '/departments/{id}/merge', { into: 1 }, department],
  ['PATCH', '/users/{id}', {}, user],
  ['POST', '/users/{id}/disable', undefined, user],
  ['POST', '/users/{id}/enable', undefined, user],
  ['POST', '/users/{id}/reset', undefined, user],
  ['PATCH', `/notices/${SLUG}/items/{id}`, {}, item],
  ['POST', `/notices/${SLUG}/items/{id}/status`, { status: 'completed' }, item],
];

describe('an id in a staff path that is no id', () => {
  for (const [name, id] of [['400 digits', HUGE], ['2^53 + 1', PAST_SAFE], ['20 digits', TWENTY_DIGITS], ['zero', '0']] as const) {
    it(`is not found on every route that takes one, with the route's own message (${name})`, async () => {
      const answers: string[] = [];
      const expected: string[] = [];
      for (const [method, path, body, error] of routes()) {
        const res = await staff(path.replace('{id}', id), { method, cookie: admin.cookie, body });
        const got = res.status === 404 ? (await json<{ error: { code: string; message: string } }>(res)).error : { status: res.status, body: (await res.text()).slice(0, 200) };
        answers.push(`${method} ${path} ${JSON.stringify(got)}`);
        expected.push(`${method} ${path} ${JSON.stringify(error)}`);
      }
      expect(answers).toEqual(expected);
    });
  }

  it('is never taken for the row its digits round to', async () => {
    // A department at 2^53: Number('9007199254740993') is 9007199254740992, and would find it.
    await env.DB.prepare("insert into departments (id, name) values (9007199254740992, '舍入测试部门')").run();
    try {
      const res = await staff(`/departments/${PAST_SAFE}`, { cookie: admin.cookie });
      expect(res.status).toBe(404);
      expect(await json(res)).toEqual({ error: department });
    } finally {
      await env.DB.prepare('delete from departments where id = 9007199254740992').run();
    }
  });
});

describe('ids in a bulk body', () => {
  it.each(['[1e400]', '[12345678901234567890]', '[9007199254740993]', '[-1]', '[1.5]'])('refuses %s with the ids message', async (ids) => {
    const res = await staff('/feedback/bulk', { method: 'POST', cookie: admin.cookie, body: `{"action":"accept","ids":${ids}}` });
    expect(res.status).toBe(422);
    expect((await json<{ error: { fields: Record<string, string> } }>(res)).error.fields).toEqual({ ids: staffFieldMessages.bulk.ids.invalid });
  });
});

describe('positiveId', () => {
  it.each([
    ['1', 1],
    ['007', 7],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
    ['9007199254740992', null],
    [HUGE, null],
    ['0', null],
    ['', null],
    ['-1', null],
    ['1e3', null],
    [' 1', null],
    [undefined, null],
  ])('reads %j as %j', (text, id) => {
    expect(positiveId(text)).toBe(id);
  });
});
