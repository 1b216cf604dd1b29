/**
 * The reply's deadline on the tracking page: before acceptance the page gives the period, which
 * runs from acceptance (第三十四条), and no date; once accepted, the date and the day it counts
 * from, since it may be later than the receipt's. Through the API (replyPeriod) and the page
 * without scripts (POST /track).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, DEFAULT_DEADLINES, longDate, shanghaiDate } from '../../worker/feedback/deadlines';
import { call, randomAddress, seedSample } from '../helpers/api';
import { setFeedback, signedIn, staff, submitPublic, type TestUser } from '../staff/helpers';

const DAY_MS = 86_400_000;
let admin: TestUser;
beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
});

/** A feedback received `daysAgo` days ago (its deadlines as they were set then), still new. */
async function receivedDaysAgo(daysAgo: number) {
  const f = await submitPublic({ content: `宣传栏仍未更新 ${crypto.randomUUID()}` });
  const receivedAt = Date.now() - daysAgo * DAY_MS;
  const received = shanghaiDate(receivedAt);
  await setFeedback(f.id, {
    received_at: receivedAt,
    acknowledge_by: addDays(received, DEFAULT_DEADLINES.acknowledgeDays),
    reply_by: addDays(received, DEFAULT_DEADLINES.replyDays),
  });
  return { ...f, received };
}

async function tracked(ref: string, code: string) {
  const api = await call(`/api/feedback/${ref}`, { headers: { 'x-query-code': code } });
  expect(api.status).toBe(200);
  const page = await call('/track', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': randomAddress() },
    body: new URLSearchParams({ ref, code }).toString(),
  });
  expect(page.status).toBe(200);
  const html = (await page.text()).replace(/<!-- -->/g, '');
  const result = /<section class="result".*?<h3>办理记录<\/h3>/s.exec(html)![0].replace(/<[^>]+>/g, '');
  return { view: (await api.json()) as { replyBy: string; replyPeriod: unknown }, result };
}

describe('the reply’s deadline on the tracking page', () => {
  it('before acceptance gives the period from acceptance and no reply date', async () => {
    const f = await receivedDaysAgo(10);
    const { view, result } = await tracked(f.ref, f.queryCode);
    expect(view.replyPeriod).toEqual({ counted: 'received', from: f.received, days: DEFAULT_DEADLINES.replyDays, extensionDays: 0 });
    const ack = longDate(addDays(f.received, DEFAULT_DEADLINES.acknowledgeDays));
    expect(result).toContain(`我们将在 ${ack} 前告知是否受理；自受理之日起 ${DEFAULT_DEADLINES.replyDays} 日内答复您。`);
    expect(result).not.toContain('答复期限：');
  });

  it('once accepted later than received, gives the later date and says it counts from the day of acceptance', async () => {
    const f = await receivedDaysAgo(10);
    const accepted = await staff(`/feedback/${f.id}/transition`, { method: 'POST', cookie: admin.cookie, body: { to: 'accepted' } });
    expect(accepted.status).toBe(200);
    const today = shanghaiDate(Date.now());
    const { view, result } = await tracked(f.ref, f.queryCode);
    expect(view.replyBy).toBe(addDays(today, DEFAULT_DEADLINES.replyDays));
    expect(view.replyPeriod).toEqual({ counted: 'accepted', from: today, days: DEFAULT_DEADLINES.replyDays, extensionDays: 0 });
    expect(result).toContain(
      `答复期限：${longDate(view.replyBy)}（还有 ${DEFAULT_DEADLINES.replyDays} 天）。答复期限从受理之日（${longDate(today)}）起算 ${DEFAULT_DEADLINES.replyDays} 日，所以可能比回执上的日期晚。`,
    );

    // An extension is named beside the period.
    const extended = await staff(`/feedback/${f.id}/extend`, { method: 'POST', cookie: admin.cookie, body: { days: 20, reason: '需要多部门会商' } });
    expect(extended.status).toBe(200);
    const after = await tracked(f.ref, f.queryCode);
    expect(after.view.replyPeriod).toEqual({ counted: 'accepted', from: today, days: DEFAULT_DEADLINES.replyDays, extensionDays: 20 });
    expect(after.result).toContain(`答复期限从受理之日（${longDate(today)}）起算 ${DEFAULT_DEADLINES.replyDays} 日，另延长 20 日，所以可能比回执上的日期晚。`);
  });
});
