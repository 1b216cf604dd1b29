/**
 * The proof of work and the other flood defences, as the person meets them: not at all.
 * The form solves a proof while they type; a proof gone stale while the phone was offline,
 * or refused by the server, is replaced without a word; a 429 keeps the feedback and sends
 * it once the wait is over; the honeypot field is never seen, and a program that fills it
 * gets an ordinary receipt while the feedback is stored as spam.
 */
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { d1, expectAccessible, feedbackCount, fillFeedback, gotoHydrated, launchBrowser, NOTICE, openPhone, outboxSize, see, sendOffline, submitThroughApi, uniqueContent } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const FORM = `${NOTICE}/feedback`;
const submit = (page: Page) => page.getByRole('button', { name: '提交', exact: true }).click();

interface Sent {
  proof: string | undefined;
  key: string | undefined;
  body: Record<string, unknown>;
  at: number;
}

/** Every submission the page sends and every challenge it fetches, as the server would see them. */
function watch(page: Page) {
  const posts: Sent[] = [];
  const challenges: number[] = [];
  page.on('request', (r: Request) => {
    const path = new URL(r.url()).pathname;
    if (path === '/api/feedback/challenge') challenges.push(Date.now());
    if (path === '/api/feedback' && r.method() === 'POST') {
      posts.push({ proof: r.headers()['x-proof'], key: r.headers()['idempotency-key'], body: r.postDataJSON() as Record<string, unknown>, at: Date.now() });
    }
  });
  return { posts, challenges };
}

/** A fresh phone on the form, its requests watched. */
async function openForm() {
  const phone = await openPhone(browser);
  const seen = watch(phone.page);
  await gotoHydrated(phone.page, FORM);
  return { ...phone, seen };
}

/** The proof the page solved ahead and keeps for its next send, once there is one. */
async function storedProof(page: Page): Promise<{ header: string; at: number }> {
  await page.waitForFunction(() => localStorage.getItem('rw.proof') !== null, undefined, { timeout: 20_000 });
  return page.evaluate(() => JSON.parse(localStorage.getItem('rw.proof')!) as { header: string; at: number });
}

const decode = (header: string) => JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Record<string, unknown>;
const statusOf = (content: string) => d1(`select status from feedback where content = '${content}'`).map((r) => r.status);

describe('when I open the form and send feedback', () => {
  it('then a proof solved while I typed goes with it, once, and nothing about it shows', async () => {
    const { page, context, cspViolations, seen } = await openForm();
    const ahead = await storedProof(page);
    expect(seen.challenges).toHaveLength(1);
    await expectAccessible(page, 'the feedback form with its honeypot');

    const content = uniqueContent('sent with a proof solved ahead');
    await fillFeedback(page, { content });
    await submit(page);
    await see(page.getByTestId('ref'));

    expect(seen.posts).toHaveLength(1);
    expect(seen.posts[0]!.proof).toBe(ahead.header);
    expect(Object.keys(decode(ahead.header)).sort()).toEqual(['algorithm', 'challenge', 'number', 'salt', 'signature']);
    expect(seen.posts[0]!.body.website).toBe('');
    expect(seen.challenges).toHaveLength(1);
    expect(await page.evaluate(() => localStorage.getItem('rw.proof'))).toBeNull();
    expect(statusOf(content)).toEqual(['new']);
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('then, if I press 提交 before the proof is ready, the button says 正在提交… until it is, and one challenge serves', async () => {
    const { page, context } = await openPhone(browser);
    const seen = watch(page);
    // A slow link: the challenge takes two seconds to arrive.
    await page.route('**/api/feedback/challenge', async (route) => {
      await new Promise((r) => setTimeout(r, 2_000));
      await route.continue();
    });
    const asked = page.waitForRequest('**/api/feedback/challenge');
    await page.goto(FORM);
    await asked;
    const content = uniqueContent('sent before the proof was ready');
    await fillFeedback(page, { content });
    await submit(page);
    const button = await see(page.getByRole('button', { name: '正在提交…' }));
    await expect.poll(() => button.isDisabled()).toBe(true);
    await see(page.getByTestId('ref'));
    expect(seen.challenges).toHaveLength(1);
    expect(seen.posts).toHaveLength(1);
    expect(feedbackCount(content)).toBe(1);
    await context.close();
  });
});

describe('when a program fills in the field people cannot see', () => {
  it('then the field is hidden and out of the tab order, the program gets a receipt, and the feedback is stored as spam', async () => {
    const { page, context, seen } = await openForm();
    const trap = page.locator('input[name=website]');
    await expect.poll(() => trap.count()).toBe(1);
    await expect.poll(() => trap.isVisible()).toBe(false);
    await expect.poll(() => trap.getAttribute('tabindex')).toBe('-1');
    await expect.poll(() => trap.getAttribute('autocomplete')).toBe('off');

    const content = uniqueContent('honeypot filled by a program');
    await fillFeedback(page, { content });
    // As a form-filling program would: straight into the DOM, whatever CSS hides.
    await trap.evaluate((el: HTMLInputElement) => (el.value = 'https://spam.example'));
    await submit(page);
    await see(page.getByTestId('ref'));
    expect(seen.posts[0]!.body.website).toBe('https://spam.example');
    expect(statusOf(content)).toEqual(['spam']);
    await context.close();
  });
});

describe('when my feedback waited offline until its proof went stale', () => {
  it('then, back online, the page solves a fresh proof before sending, never sends the stale one, and D1 holds the feedback once', async () => {
    const { page, context, seen } = await openForm();
    const ahead = await storedProof(page);
    const content = uniqueContent('queued until its proof was 26 minutes old');
    await sendOffline(page, content);
    // The send that failed offline kept its proof for the next try.
    const kept = await storedProof(page);
    expect(kept).toEqual(ahead);
    // Chromium reports the send that never left the phone as a request too.
    expect(seen.posts.map((p) => p.proof)).toEqual([ahead.header]);

    // The phone's clock moves on 26 minutes while offline: the proof is older than the page risks (25 of 30).
    await page.evaluate((at) => {
      const p = JSON.parse(localStorage.getItem('rw.proof')!) as { header: string; at: number };
      localStorage.setItem('rw.proof', JSON.stringify({ ...p, at }));
    }, kept.at - 26 * 60_000);
    const challengesBefore = seen.challenges.length;

    await context.setOffline(false);
    await see(page.getByTestId('ref'));
    expect(seen.challenges.length).toBe(challengesBefore + 1);
    const online = seen.posts.slice(1);
    expect(online).toHaveLength(1);
    expect(online[0]!.proof).not.toBe(kept.header);
    expect(online[0]!.key).toBe(seen.posts[0]!.key);
    expect(await outboxSize(page)).toBe(0);
    expect(feedbackCount(content)).toBe(1);
    await context.close();
  });

  it('then a proof the server refuses (already used elsewhere) is replaced and the feedback resent with the same key, and I see only the receipt', async () => {
    const { page, context, seen } = await openForm();
    const answers: number[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/api/feedback' && r.request().method() === 'POST') answers.push(r.status());
    });
    const content = uniqueContent('queued while its proof was used elsewhere');
    // The page solves a proof ahead while online; going offline before it has one would leave
    // it nothing to keep (a race the slower runs lost).
    await storedProof(page);
    await sendOffline(page, content);
    const kept = await storedProof(page);
    // Meanwhile the same proof is spent on another submission: the server records it as used.
    await submitThroughApi(uniqueContent('spent the queued page’s proof'), kept.header);
    const before = seen.posts.length;

    await context.setOffline(false);
    await see(page.getByTestId('ref'));
    expect(answers).toEqual([403, 201]);
    const online = seen.posts.slice(before);
    expect(online).toHaveLength(2);
    expect(online[0]!.proof).toBe(kept.header);
    expect(online[1]!.proof).not.toBe(kept.header);
    expect(new Set(seen.posts.map((p) => p.key)).size).toBe(1);
    await expect.poll(() => page.locator('.error-summary').count()).toBe(0);
    expect(await outboxSize(page)).toBe(0);
    expect(feedbackCount(content)).toBe(1);
    await context.close();
  });

  it('then a proof refused twice keeps the feedback queued, and it is sent once the server takes proofs again', async () => {
    const { page, context, seen } = await openForm();
    const content = uniqueContent('proof refused twice');
    await sendOffline(page, content);

    // The server (answered here in its stead) refuses every proof for a while.
    let refusals = 0;
    await page.route('**/api/feedback', (route) => {
      refusals++;
      return route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ error: { code: 'proof_invalid', message: '页面校验已过期' } }) });
    });
    await context.setOffline(false);
    await expect.poll(() => refusals, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await see(page.locator('.outbox').getByText('有 1 条反馈已保存，联网后自动提交。'));
    await expect.poll(() => page.locator('.error-summary').count()).toBe(0);
    expect(await outboxSize(page)).toBe(1);
    expect(feedbackCount(content)).toBe(0);

    await page.unroute('**/api/feedback');
    await context.setOffline(true);
    await context.setOffline(false);
    await see(page.getByTestId('ref'));
    expect(new Set(seen.posts.map((p) => p.key)).size).toBe(1);
    expect(await outboxSize(page)).toBe(0);
    expect(feedbackCount(content)).toBe(1);
    await context.close();
  });
});

describe('when the server says this address has sent too much (429)', () => {
  it('then my feedback is kept, the page says it will be sent later, and it is sent once Retry-After has passed', async () => {
    const { page, context, cspViolations, seen } = await openForm();
    let refused = 0;
    // The first answer is the server's 429 for a flood, as the API words it; the rest go through.
    await page.route('**/api/feedback', async (route) => {
      if (refused++ > 0) return route.continue();
      await route.fulfill({
        status: 429,
        headers: { 'retry-after': '3' },
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'too_many_requests', message: '提交次数过多，请稍后再试' } }),
      });
    });
    const content = uniqueContent('held back by a 429');
    await fillFeedback(page, { content });
    await submit(page);

    await see(page.getByRole('heading', { level: 1, name: '已保存，稍后自动提交' }));
    const said = await page.getByRole('status').filter({ hasText: '您的反馈已保存在本机' }).textContent();
    expect(said).toContain('约 1 分钟后自动提交，不会重复，无需重新填写');
    expect(said).not.toContain('提交次数过多');
    await expect.poll(() => page.locator('.outbox').textContent()).toBe('有 1 条反馈已保存，约 1 分钟后自动提交，无需重新填写。');
    expect(await outboxSize(page)).toBe(1);
    await expectAccessible(page, 'the page saying the feedback will be sent later');

    // The form that queued it shows the receipt when it goes, and waits for 我已记下.
    await see(page.getByTestId('ref'));
    await see(page.getByRole('button', { name: '我已记下' }));
    expect(seen.posts).toHaveLength(2);
    expect(seen.posts[1]!.at - seen.posts[0]!.at).toBeGreaterThanOrEqual(3_000);
    expect(seen.posts[1]!.key).toBe(seen.posts[0]!.key);
    expect(await outboxSize(page)).toBe(0);
    expect(feedbackCount(content)).toBe(1);
    expect(cspViolations).toEqual([]);
    await context.close();
  });
});
