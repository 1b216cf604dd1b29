/**
 * A caller's phone number typed into the inbox's search travels in no URL: the console trades
 * the words for a token (POST /api/staff/search) and pages the inbox and links the export with it
 * (worker/staff/search-token.ts). Every request the page makes, and every download link it
 * shows, is read for the number; the search still finds the feedback, and the CSV behind the
 * link holds it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount, expectAccessible, firstSignIn, launchBrowser, openDesk, see, submitThroughApi, uniqueContent } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('when a clerk searches the inbox for a caller’s phone number and exports what it finds', () => {
  it('then the number is in no request URL nor download link, and the search and the export find the feedback', async () => {
    const phone = `139${String(Date.now()).slice(-8)}`;
    const { ref } = await submitThroughApi(`${uniqueContent('searched by phone')} 来电人电话 ${phone}`);
    const clerk = createStaffAccount('admin', 'searchprivacy');
    const { page, context, cspViolations } = await openDesk(browser);
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto('/staff/');
    await firstSignIn(page, clerk, '搜索电话号码用的一句话 2026');

    await page.getByLabel('搜索').fill(phone);
    await page.getByRole('button', { name: '筛选' }).click();
    await see(page.locator('.list-head').filter({ hasText: `搜索“${phone}”` }));
    const rows = page.locator('.inbox-table tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => rows.first().innerText()).toContain(ref);

    await page.getByText('导出当前筛选结果').click();
    const link = page.getByRole('link', { name: '下载台账（CSV）', exact: true });
    await see(link);
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/[?&]qs=[A-Za-z0-9_-]+/);
    expect(href).not.toContain(phone);
    await expectAccessible(page, 'the inbox searched, with the export open');
    // What the link downloads, fetched as the browser would, with the session.
    const csv = await page.evaluate(async (u) => (await fetch(u, { credentials: 'same-origin' })).text(), href);
    expect(csv).toContain(ref);

    // The console's own address keeps the words (it never leaves the browser); no request's does.
    expect(urls.some((u) => new URL(u).pathname === '/api/staff/search')).toBe(true);
    const leaked = urls.filter((u) => {
      const { pathname, search } = new URL(u);
      return decodeURIComponent(pathname + search).includes(phone);
    });
    expect(leaked).toEqual([]);
    expect(cspViolations).toEqual([]);
    await context.close();
  });
});
