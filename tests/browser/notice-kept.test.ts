/**
 * The notice page keeps the server's HTML as it came (web/public/pages/notice.tsx): the script
 * hydrates the bar, and leaves the notice itself exactly as the server rendered it, with nothing
 * of it embedded to render again. Once the page is hydrated, 大字 switches in place (the script
 * works), the notice is the server's to the last character, not one of its nodes was taken out (so
 * none was made again), and no error was thrown on the way.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, gotoHydrated, launchBrowser, NOTICE, openPhone } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('when I open the notice with scripts', () => {
  it('then the notice is the server’s HTML as it came, none of its nodes made again, its data is not in the page twice, and the bar works', async () => {
    const { page, context, cspViolations } = await openPhone(browser);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const served = await (await fetch(`${baseUrl}${NOTICE}`)).text();
    // Every node taken out of the notice, or the notice itself, from the moment the page begins:
    // parsing only adds nodes, so any removal is the script's (a notice rendered again, even to the same text).
    await page.addInitScript(() => {
      const removed: string[] = [];
      (window as unknown as { noticeRemovals: string[] }).noticeRemovals = removed;
      new MutationObserver((records) => {
        for (const r of records) {
          for (const node of r.removedNodes) {
            const el = node instanceof Element ? node : null;
            const inNotice = r.target instanceof Element && r.target.closest('#notice') !== null;
            if (inNotice || el?.id === 'notice' || el?.querySelector('#notice')) removed.push(el ? `<${el.tagName.toLowerCase()} id="${el.id}">` : node.nodeName);
          }
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await gotoHydrated(page, NOTICE);

    // The script has hydrated: 大字 switches the page in place, with no request to the server.
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posted.push(r.url());
    });
    await page.getByRole('button', { name: '大字' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('large'))).toBe(true);
    expect(await page.getByRole('button', { name: '大字' }).getAttribute('aria-pressed')).toBe('true');
    expect(posted).toEqual([]);

    // The notice as the browser shows it is the server's, parsed the same way: nothing rendered again, nothing lost.
    const same = await page.evaluate((html) => {
      const parsed = new DOMParser().parseFromString(html, 'text/html').getElementById('notice')?.innerHTML;
      return { parsed: parsed ?? null, live: document.getElementById('notice')?.innerHTML ?? null };
    }, served);
    expect(same.parsed).not.toBeNull();
    expect(same.live).toBe(same.parsed);
    expect(await page.evaluate(() => (window as unknown as { noticeRemovals: string[] }).noticeRemovals)).toEqual([]);
    expect(await page.locator('#notice article.item').count()).toBe(12);
    expect(await page.locator('#notice a.button', { hasText: '我要监督' }).count()).toBe(12);

    // What the page embeds for its script: the page and its address, not the notice.
    const embedded = await page.evaluate(() => JSON.parse(document.getElementById('page-data')!.textContent!) as unknown);
    expect(embedded).toEqual({ page: 'notice', back: NOTICE });
    expect(errors).toEqual([]);
    expect(cspViolations).toEqual([]);
    await context.close();
  });
});
