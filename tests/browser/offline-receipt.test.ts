/**
 * Journey: feedback saved offline goes through later, and its query code is not lost.
 * The form said the code would appear; when the send goes through, the whole receipt
 * shows, and it shows again on the next page opened until the person presses 我已记下.
 * A receipt the person saw at once carries no such banner.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, feedbackCount, fillFeedback, gotoHydrated, launchBrowser, NOTICE, openPhone, see, sendOffline, uniqueContent } from './helpers';

/** The content of a feedback as its owner looks it up with the code (the API: no wrangler to start). */
async function lookedUp(ref: string, code: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/feedback/${ref}`, { headers: { 'x-query-code': code } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { content: string }).content;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const saved = (page: import('playwright-core').Page) => page.getByRole('region', { name: '您保存的反馈已提交' });

describe('when my feedback saved offline is sent after I have left the form', () => {
  it('then the next page I open shows its whole receipt until I press 我已记下', async () => {
    const { page, context, cspViolations } = await openPhone(browser);
    await gotoHydrated(page, `${NOTICE}/feedback`);
    const content = uniqueContent('saved offline, receipt later');
    await sendOffline(page, content);
    await expect.poll(() => page.getByText('反馈编号和查询码会显示在这里').count()).toBe(1);

    // Back online: it goes, and this form shows the receipt, waiting for 我已记下.
    await context.setOffline(false);
    const ref = (await (await see(page.getByTestId('ref'))).textContent())!.trim();
    const code = (await page.getByTestId('query-code').textContent())!.trim();
    expect(await lookedUp(ref, code)).toBe(content);
    await see(page.getByRole('button', { name: '我已记下' }));

    // I leave without pressing it; the notice page shows the receipt at the top, code and all.
    await gotoHydrated(page, NOTICE);
    const panel = await see(saved(page));
    expect((await panel.getByTestId('ref').textContent())!.trim()).toBe(ref);
    expect((await panel.getByTestId('query-code').textContent())!.trim()).toBe(code);
    await expect.poll(() => panel.locator('.sent').innerText()).toContain(content);
    await expect.poll(() => panel.getByRole('button', { name: '复制编号和查询码' }).count()).toBe(1);
    await expectAccessible(page, 'the notice with a saved feedback’s receipt');

    await panel.getByRole('button', { name: '我已记下' }).click();
    await expect.poll(() => saved(page).count()).toBe(0);
    await gotoHydrated(page, NOTICE);
    await expect.poll(() => saved(page).count()).toBe(0);
    // It stays in this phone's list of feedback, without the text sent.
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('rw.receipts') ?? '[]') as Array<{ ref: string; unread?: unknown }>);
    expect(kept.find((r) => r.ref === ref)).toMatchObject({ ref });
    expect(kept.find((r) => r.ref === ref)!.unread).toBeUndefined();

    // A feedback sent online gets its receipt at once, with no banner about a saved one.
    await gotoHydrated(page, `${NOTICE}/feedback`);
    await fillFeedback(page, { content: uniqueContent('sent online') });
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await see(page.getByRole('heading', { level: 1, name: '提交成功' }));
    await expect.poll(() => page.getByRole('button', { name: '我已记下' }).count()).toBe(0);
    await expect.poll(() => saved(page).count()).toBe(0);
    await expect.poll(() => page.locator('.outbox').textContent()).toBe('');
    expect(cspViolations).toEqual([]);
    await context.close();
  });
});

describe('when I go back and forward past my receipt', () => {
  it('then the receipt is still there, and its code never appears in an address', async () => {
    const { page, context } = await openPhone(browser);
    await gotoHydrated(page, NOTICE);
    await gotoHydrated(page, `${NOTICE}/feedback`);
    const content = uniqueContent('back and forward');
    await fillFeedback(page, { content });
    await page.getByRole('button', { name: '提交', exact: true }).click();
    const ref = (await (await see(page.getByTestId('ref'))).textContent())!.trim();
    const code = (await page.getByTestId('query-code').textContent())!.trim();
    await expect.poll(() => page.locator('.sent').innerText()).toContain(content);

    await page.goBack();
    await page.waitForURL((u) => u.pathname === NOTICE);
    await page.goForward();
    await see(page.getByTestId('ref'));
    expect((await page.getByTestId('ref').textContent())!.trim()).toBe(ref);
    expect((await page.getByTestId('query-code').textContent())!.trim()).toBe(code);
    expect(page.url()).toBe(new URL(`${NOTICE}/feedback`, page.url()).href);
    expect(feedbackCount(content)).toBe(1);
    await context.close();
  });
});
