/**
 * Each refusal of the staff API says what is wrong with the input that was sent: a filter's
 * message names that filter and its own limit, a notice file too large is told the file's
 * limit with 413, and a JSON body that is not an object is told so, without inventing a field.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_FILE_MAX_BYTES } from '../../worker/notice/source';
import { noticeFileMessages } from '../../worker/notice/messages';
import { errorMessages } from '../../worker/messages';
import { seedSample, SLUG } from '../helpers/api';
import { createItem, json, signedIn, staff, submitPublic, type TestUser } from './helpers';

interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

let admin: TestUser;
beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
});

describe('GET /api/staff/notify-targets/outbox', () => {
  it('refuses an unknown state with a message about the state', async () => {
    const res = await staff('/notify-targets/outbox?state=x', { cookie: admin.cookie });
    expect(res.status).toBe(422);
    expect((await json<ErrorBody>(res)).error.fields).toEqual({ state: '请选择通知状态：待发送（pending）、已送达（sent）或已放弃（dead）' });
  });
});

describe('GET /api/staff/audit', () => {
  it.each([
    ['limit=101', { limit: '每页条数须为 1 至 100' }],
    ['limit=0', { limit: '每页条数须为 1 至 100' }],
    [`targetType=${'t'.repeat(51)}`, { targetType: '对象类型不能超过 50 个字符' }],
    [`targetId=${'1'.repeat(51)}`, { targetId: '对象编号不能超过 50 个字符' }],
    ['actor=x', { actor: '操作人编号应为正整数，如 12' }],
    ['actor=0', { actor: '操作人编号应为正整数，如 12' }],
  ])('refuses ?%s with the message of that filter and its limit', async (query, fields) => {
    const res = await staff(`/audit?${query}`, { cookie: admin.cookie });
    expect(res.status).toBe(422);
    expect((await json<ErrorBody>(res)).error.fields).toEqual(fields);
  });

  it('takes the limits themselves', async () => {
    for (const query of ['limit=100', `targetType=${'t'.repeat(50)}`, `targetId=${'1'.repeat(50)}`, 'actor=1']) {
      expect((await staff(`/audit?${query}`, { cookie: admin.cookie })).status).toBe(200);
    }
  });
});

describe('POST /api/staff/notices/parse with a file too large', () => {
  // A file of 5 MB is this much base64; one byte more of the file is more base64 than this.
  const longest = Math.ceil((NOTICE_FILE_MAX_BYTES * 4) / 3) + 4;

  it('answers 413 with the file size limit, when the base64 is longer than any file allowed', async () => {
    const res = await staff('/notices/parse', { method: 'POST', cookie: admin.cookie, body: { file: { name: '通报.docx', data: 'A'.repeat(longest + 1) } } });
    expect(res.status).toBe(413);
    expect(await json(res)).toEqual({ error: { code: 'too_large', message: noticeFileMessages.tooLarge, fields: { file: noticeFileMessages.tooLarge } } });
    expect(noticeFileMessages.tooLarge).toContain('文件不能超过 5 MB');
  });

  it('answers 413 with the file size limit, when the whole body is over the limit', async () => {
    const res = await staff('/notices/parse', { method: 'POST', cookie: admin.cookie, body: { file: { name: '通报.docx', data: 'A'.repeat(longest + 2 * 1024 * 1024) } } });
    expect(res.status).toBe(413);
    expect(await json(res)).toEqual({ error: { code: 'too_large', message: noticeFileMessages.tooLarge } });
  });
});

describe('a JSON body that is not an object', () => {
  let feedbackId: number;
  let itemId: number;
  beforeAll(async () => {
    feedbackId = (await submitPublic()).id;
    itemId = await createItem(SLUG, null);
  });

  const routes = (): Array<[string, string]> => [
    ['POST', '/departments'],
    ['PATCH', `/users/${admin.id}`],
    ['POST', '/feedback'],
    ['POST', '/feedback/bulk'],
    ['POST', `/feedback/${feedbackId}/transition`],
    ['POST', `/feedback/${feedbackId}/notes`],
    ['POST', `/feedback/${feedbackId}/attention`],
    ['POST', `/items/${itemId}/comments`],
    ['POST', '/reply-templates'],
    ['POST', '/notify-targets'],
    ['POST', '/notices/parse'],
    ['PATCH', `/notices/${SLUG}`],
    ['POST', '/session/password'],
  ];

  for (const body of ['null', '[]', '7', '"x"', 'true']) {
    it(`is refused with 400 and one message, no field named (${body})`, async () => {
      const answers: string[] = [];
      for (const [method, path] of routes()) {
        const res = await staff(path, { method, cookie: admin.cookie, body });
        answers.push(`${method} ${path} ${res.status} ${await res.text()}`);
      }
      const expected = JSON.stringify({ error: { code: 'malformed_json', message: errorMessages.malformedJson } });
      expect(answers).toEqual(routes().map(([method, path]) => `${method} ${path} 400 ${expected}`));
    });
  }
});
