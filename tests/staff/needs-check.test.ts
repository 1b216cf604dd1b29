/**
 * 待核实: feedback sent through the form without scripts carries no proof of work, and staff
 * are told so wherever they read it: on its inbox row and on its own page, to every role that
 * reads it; feedback sent with the proof is not flagged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedSample } from '../helpers/api';
import { json, setFeedback, signedIn, staff, submitPublic, type TestUser } from './helpers';

let admin: TestUser;
let viewer: TestUser;
let checked: { id: number; ref: string };
let unchecked: { id: number; ref: string };

beforeAll(async () => {
  await seedSample();
  [admin, viewer] = [await signedIn('admin'), await signedIn('viewer')];
  unchecked = await submitPublic({ content: '没有运行脚本的手机提交的一条反馈' });
  await setFeedback(unchecked.id, { needs_check: 1 });
  checked = await submitPublic({ content: '运行了脚本、做过人机验证的一条反馈' });
});

async function detail(id: number, cookie: string) {
  const res = await staff(`/feedback/${id}`, { cookie });
  expect(res.status).toBe(200);
  return json<{ ref: string; needsCheck: boolean }>(res);
}

describe('GET /api/staff/feedback/:id', () => {
  it('says needsCheck for feedback sent without a proof of work, to an admin and a viewer alike', async () => {
    for (const who of [admin, viewer]) {
      expect(await detail(unchecked.id, who.cookie)).toMatchObject({ ref: unchecked.ref, needsCheck: true });
      expect(await detail(checked.id, who.cookie)).toMatchObject({ ref: checked.ref, needsCheck: false });
    }
  });

  it('agrees with the inbox row', async () => {
    const res = await staff(`/feedback?q=${unchecked.ref}`, { cookie: admin.cookie });
    const rows = (await json<{ feedback: Array<{ ref: string; needsCheck: boolean }> }>(res)).feedback;
    expect(rows.map((r) => [r.ref, r.needsCheck])).toEqual([[unchecked.ref, true]]);
  });
});
