/**
 * Refused mail is counted where admins see it: GET /api/staff/inbound-mail gives the last 30
 * days' accepted mail and refusals by reason (with the console's words), and whether the doors
 * are open; other roles get 403.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { answerNotes, refusalReasons } from '../../worker/mail/messages';
import { seedSample } from '../helpers/api';
import { fixtures, fresh, postMail, storedMailFeedback } from '../helpers/mail';
import { json, signedIn, staff } from './helpers';

beforeAll(async () => {
  await seedSample();
  for (const raw of [fixtures.gbkBase64(), fixtures.autoReply(), fixtures.autoReply(), fixtures.bulk(), fixtures.unknownAddress()]) {
    await postMail(fresh(raw));
  }
});

describe('GET /api/staff/inbound-mail', () => {
  it('counts, for admins, the mail taken and the mail refused by reason in the last 30 days', async () => {
    const admin = await signedIn('admin');
    const res = await staff('/inbound-mail', { cookie: admin.cookie });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ days: 30, accepted: 1, refusedTotal: 4, httpDoor: false, answers: false });
    expect(body.refused).toEqual([
      { reason: 'auto_reply', label: refusalReasons.auto_reply, count: 2 },
      { reason: 'bulk', label: refusalReasons.bulk, count: 1 },
      { reason: 'unknown_address', label: refusalReasons.unknown_address, count: 1 },
    ]);
  });

  it('shows staff, on a feedback that came by mail, that no answer went out and which attachments came', async () => {
    const res = await postMail(fresh(fixtures.gb2312Html()));
    const { ref } = (await res.json()) as { ref: string };
    const id = (await storedMailFeedback(ref))!.f.id;
    const admin = await signedIn('admin');
    const detail = await json<{ mail: unknown; timeline: { type: string; text: string | null }[] }>(await staff(`/feedback/${id}`, { cookie: admin.cookie }));
    expect(detail.mail).toEqual({ door: 'http', answer: 'not_configured', attachments: [{ name: '公示栏照片.jpg', type: 'image/jpeg', size: 2048 }] });
    expect(detail.timeline.map((e) => [e.type, e.text])).toContainEqual(['mail_answer', answerNotes.not_configured]);
  });

  it('is for admins only', async () => {
    for (const role of ['handler', 'viewer'] as const) {
      const user = await signedIn(role);
      expect((await staff('/inbound-mail', { cookie: user.cookie })).status).toBe(403);
    }
  });
});
