/**
 * Journey 3: a submission made without a connection is kept on the phone and
 * sent when the connection returns, and D1 ends up with exactly one record,
 * even when the page is reloaded in between or an answer is lost on the way.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { d1, expectAccessible, feedbackCount, gotoHydrated, launchBrowser, NOTICE, openPhone, outboxSize, see, sendOffline, superviseItemTwo, uniqueContent } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('when I send feedback while offline', () => {
  it('then the page says it is saved, and once I am back online it is sent and stored exactly once', async () => {
    const { page, context, cspViolations } = await openPhone(browser);
    await gotoHydrated(page, NOTICE);
    await superviseItemTwo(page);
    const content = uniqueContent('sent while offline');
    await sendOffline(page, content);
    await expect.poll(() => page.getByRole('status').filter({ hasText: '您的反馈已保存在本机' }).count()).toBe(1);
    expect(await outboxSize(page)).toBe(1);
    await expectAccessible(page, 'the page saying the feedback is queued');
    expect(feedbackCount(content)).toBe(0);

    await context.setOffline(false);
    const ref = (await (await see(page.getByTestId('ref'))).textContent())!.trim();
    const queryCode = await see(page.getByTestId('query-code'));
    expect((await queryCode.textContent())!.trim()).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    // The receipt waits for 我已记下 (tests/browser/offline-receipt.test.ts follows it further).
    await see(page.getByRole('button', { name: '我已记下' }));
    await expectAccessible(page, 'the receipt after coming back online');
    expect(await outboxSize(page)).toBe(0);
    expect(feedbackCount(content)).toBe(1);
    // The receipt names the feedback stored.
    expect(d1(`select ref from feedback where content = '${content}'`)).toEqual([{ ref }]);
    expect(cspViolations).toEqual([]);
    await context.close();
  });
});

describe('when I reload the page while my feedback is queued', () => {
  it('then the reloaded page sends it, and D1 holds it exactly once', async () => {
    const { page, context } = await openPhone(browser);
    await gotoHydrated(page, `${NOTICE}/feedback`);
    const content = uniqueContent('queued across a reload');
    await sendOffline(page, content);

    // Back online, but every send fails before it reaches the server, so it stays queued.
    await page.route('**/api/feedback', (route) => route.abort('internetdisconnected'));
    await context.setOffline(false);
    await page.reload();
    await page.waitForLoadState('networkidle');
    await see(page.locator('.outbox').getByText('有 1 条反馈已保存，联网后自动提交。'));
    expect(feedbackCount(content)).toBe(0);

    // The connection comes back properly: the reloaded page sends what it found queued.
    await page.unroute('**/api/feedback');
    await context.setOffline(true);
    await context.setOffline(false);
    // The reloaded form did not queue it: its receipt is shown at the top of the page.
    const sent = await see(page.getByRole('region', { name: '您保存的反馈已提交' }));
    expect(await outboxSize(page)).toBe(0);
    expect(feedbackCount(content)).toBe(1);

    await sent.getByRole('link', { name: '查看办理进度' }).click();
    await see(page.getByRole('heading', { level: 2, name: /：待受理$/ }));
    await expect.poll(() => page.locator('blockquote').textContent()).toBe(content);
    await context.close();
  });

  it('then a send whose answer was lost is repeated with the same key, and D1 still holds it exactly once', async () => {
    const { page, context } = await openPhone(browser);
    await gotoHydrated(page, `${NOTICE}/feedback`);
    const content = uniqueContent('answer lost, then reloaded');
    await sendOffline(page, content);

    // The request reaches the server and is stored, but the answer never reaches the phone.
    let arrived: () => void;
    const stored = new Promise<void>((resolve) => (arrived = resolve));
    await page.route('**/api/feedback', async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
      arrived();
    });
    await context.setOffline(false);
    await stored;
    expect(feedbackCount(content)).toBe(1);
    expect(await outboxSize(page)).toBe(1);

    await page.unroute('**/api/feedback');
    await page.reload();
    await see(page.getByRole('region', { name: '您保存的反馈已提交' }));
    expect(await outboxSize(page)).toBe(0);
    expect(feedbackCount(content)).toBe(1);
    await context.close();
  });
});
