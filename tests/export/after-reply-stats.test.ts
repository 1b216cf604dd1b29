/**
 * GET /api/staff/stats counts what submitters sent after the reply over the selection
 * (follow-ups, the feedback followed up, review requests) and what awaits staff now,
 * by kind and past its day, within the user's department and the period's filters.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../worker/feedback/deadlines';
import { postJson, randomAddress, seedSample } from '../helpers/api';
import { createDepartment, json, setFeedback, signedIn, staff, submitPublic, type TestUser } from '../staff/helpers';

let admin: TestUser;
let handler: TestUser;
let handlerElsewhere: TestUser;
const today = shanghaiDate(Date.now());

async function replied(departmentId: number) {
  const f = await submitPublic({ content: '公园的健身器材坏了很久。' });
  await setFeedback(f.id, { status: 'replied', reply: '已报修。', replied_at: Date.now() - 86_400_000, department_id: departmentId });
  return f;
}

const send = (f: { ref: string; queryCode: string }, what: 'follow-up' | 'review', body: unknown) =>
  postJson(`/api/feedback/${f.ref}/${what}`, body, { 'x-query-code': f.queryCode, 'cf-connecting-ip': randomAddress() });

interface AfterReply {
  followUps: number;
  followedUp: number;
  reviewRequests: number;
  awaiting: { followUp: number; review: number; late: number };
}

beforeAll(async () => {
  await seedSample();
  const department = await createDepartment();
  const elsewhere = await createDepartment();
  admin = await signedIn('admin');
  handler = await signedIn('handler', { departmentId: department });
  handlerElsewhere = await signedIn('handler', { departmentId: elsewhere });
  const a = await replied(department);
  const b = await replied(department);
  const c = await replied(department);
  await replied(department);
  // a: two follow-ups, pending; b: a follow-up, then a review request, pending; c: a review request answered.
  expect((await send(a, 'follow-up', { text: '器材还是坏的。' })).status).toBe(201);
  expect((await send(a, 'follow-up', { text: '今天又去看了，还是坏的。' })).status).toBe(201);
  expect((await send(b, 'follow-up', { text: '补充：是单杠。' })).status).toBe(201);
  expect((await send(b, 'review', { reason: '答复说已报修，但一个月没人来。' })).status).toBe(201);
  expect((await send(c, 'review', { reason: '答复与事实不符，请复查。' })).status).toBe(201);
  expect((await staff(`/feedback/${c.id}/attention`, { method: 'POST', cookie: admin.cookie, body: { text: '经复查，已更换器材。' } })).status).toBe(200);
  // a's follow-up is past its day.
  await env.DB.prepare('update feedback set attention_by = ? where id = ?').bind(addDays(today, -1), a.id).run();
});

const afterReply = async (user: TestUser, query = '') => (await json<{ afterReply: AfterReply }>(await staff(`/stats${query}`, { cookie: user.cookie }))).afterReply;

describe('GET /api/staff/stats: after the reply', () => {
  it('counts follow-ups, the feedback followed up, review requests, and what awaits staff now, late included', async () => {
    expect(await afterReply(handler)).toEqual({ followUps: 3, followedUp: 2, reviewRequests: 2, awaiting: { followUp: 1, review: 1, late: 1 } });
    expect(await afterReply(handlerElsewhere)).toEqual({ followUps: 0, followedUp: 0, reviewRequests: 0, awaiting: { followUp: 0, review: 0, late: 0 } });
  });

  it('counts within the period of receipt, as every other figure', async () => {
    expect(await afterReply(handler, `?from=${today}&to=${today}`)).toMatchObject({ followUps: 3, reviewRequests: 2 });
    expect(await afterReply(handler, `?to=${addDays(today, -1)}`)).toMatchObject({ followUps: 0, reviewRequests: 0 });
  });
});
