/**
 * Journey 6: the pages for older eyes and fingers. In 大字 mode every tap target
 * is at least 60 px tall and no text is under 20 px; at normal size, 44 × 44 px
 * and 16 px. At 320, 360 and 414 px wide nothing scrolls sideways.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, fillFeedback, gotoHydrated, launchBrowser, NOTICE, openPhone, openPhoneWithoutScripts, expectAccessibleWithoutScripts, PHONE, see, uniqueContent } from './helpers';

const WIDTHS = [320, 360, 414];

interface Sizes {
  /** Least height of any tap target, and least width of a link or button. */
  target: number;
  /** Least font size of any visible text. */
  text: number;
}
const NORMAL: Sizes = { target: 44, text: 16 };
const LARGE: Sizes = { target: 60, text: 20 };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** Tap targets smaller than the minimum, described so a failure says which. */
function smallTargets(page: Page, min: number): Promise<string[]> {
  return page.evaluate((min) => {
    const selector = 'a, button, summary, select, textarea, input';
    const small: string[] = [];
    for (const found of document.querySelectorAll<HTMLElement>(selector)) {
      // A checkbox or radio button is tapped through its label.
      const el = found.matches('input[type=checkbox], input[type=radio]') ? (found.closest('label') ?? found) : found;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      const standalone = el.matches('a, button');
      if (box.height < min || (standalone && box.width < min)) {
        small.push(`<${el.tagName.toLowerCase()} class="${el.className}"> "${el.textContent!.trim().slice(0, 20)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return [...new Set(small)];
  }, min);
}

/** Visible text set smaller than the minimum. */
function smallText(page: Page, min: number): Promise<string[]> {
  return page.evaluate((min) => {
    const small = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const el = walker.currentNode.parentElement!;
      if (!walker.currentNode.textContent!.trim() || el.closest('script, .visually-hidden') || el.getClientRects().length === 0) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < min) small.add(`<${el.tagName.toLowerCase()} class="${el.className}"> ${size}px`);
    }
    return [...small];
  }, min);
}

/** Everything a page in this state must satisfy, at every width. */
async function expectComfortable(page: Page, where: string, sizes: Sizes): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: PHONE.height });
    const { scrollWidth, viewport } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(viewport).toBe(width);
    expect(scrollWidth, `sideways scrolling on ${where} at ${width} px`).toBeLessThanOrEqual(viewport);
  }
  await page.setViewportSize(PHONE);
  expect(await smallTargets(page, sizes.target), `tap targets under ${sizes.target} px on ${where}`).toEqual([]);
  expect(await smallText(page, sizes.text), `text under ${sizes.text} px on ${where}`).toEqual([]);
  await expectAccessible(page, where);
}

/** Visits every public page, in every state a person meets, checking each. */
async function visitEveryPage(page: Page, sizes: Sizes): Promise<void> {
  await gotoHydrated(page, NOTICE);
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  await expectComfortable(page, 'the notice page, every section open', sizes);

  await gotoHydrated(page, `${NOTICE}/feedback`);
  await expectComfortable(page, 'the empty feedback form', sizes);
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await see(page.getByRole('alert'));
  await expectComfortable(page, 'the feedback form with errors', sizes);
  await fillFeedback(page, { content: uniqueContent('comfortable sizes'), contact: { name: '李四', phone: '0755-25772603', email: 'lisi@example.com' } });
  await expectComfortable(page, 'the filled-in feedback form', sizes);
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await see(page.getByTestId('ref'));
  await expectComfortable(page, 'the receipt', sizes);

  await page.getByRole('link', { name: '查看办理进度' }).click();
  await see(page.getByRole('heading', { level: 2, name: /待受理/ }));
  await expectComfortable(page, 'the track page with a result', sizes);

  await gotoHydrated(page, '/track');
  await see(page.getByRole('heading', { name: '本机提交过的反馈' }));
  await expectComfortable(page, 'the empty track page, listing this phone’s feedback', sizes);

  await gotoHydrated(page, '/n/no-such-notice');
  await expectComfortable(page, 'the not-found page', sizes);
}

describe('when I press 大字', () => {
  it('then the text grows, the button shows it is on, and it stays large after a reload', async () => {
    const { page, context } = await openPhone(browser);
    await gotoHydrated(page, NOTICE);
    const toggle = page.getByRole('button', { name: '大字' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    const bodySize = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    expect(await bodySize()).toBeGreaterThanOrEqual(NORMAL.text);

    // In place: no page load (a mark left on the page survives the press).
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await bodySize()).toBeGreaterThanOrEqual(LARGE.text);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

    await gotoHydrated(page, '/track');
    expect(await page.getByRole('button', { name: '大字' }).getAttribute('aria-pressed')).toBe('true');
    expect(await bodySize()).toBeGreaterThanOrEqual(LARGE.text);
    await page.reload();
    await page.waitForLoadState('networkidle');
    expect(await bodySize()).toBeGreaterThanOrEqual(LARGE.text);

    await page.getByRole('button', { name: '大字' }).click();
    await page.reload();
    expect(await page.getByRole('button', { name: '大字' }).getAttribute('aria-pressed')).toBe('false');
    expect(await bodySize()).toBeLessThan(LARGE.text);
    await context.close();
  });

  it('then on every page each tap target is at least 60 px tall, no text is under 20 px, and nothing scrolls sideways at 320, 360 or 414 px', async () => {
    const { page, context, cspViolations } = await openPhone(browser);
    await gotoHydrated(page, NOTICE);
    await page.getByRole('button', { name: '大字' }).click();
    await visitEveryPage(page, LARGE);
    expect(await page.evaluate(() => document.documentElement.classList.contains('large'))).toBe(true);
    expect(cspViolations).toEqual([]);
    await context.close();
  });
});

describe('when my browser runs no scripts and I press 大字', () => {
  it('then the same page comes back large, stays large on the next page, and 大字 again makes it ordinary', async () => {
    const { page, context } = await openPhoneWithoutScripts(browser);
    // A script-free browser cannot evaluate: the served HTML says which size it is.
    const served = async () => /<html lang="zh-CN"( class="large")?>/.exec(await page.content())?.[1] ? 'large' : 'ordinary';
    // The ordinary copy first, so that the notice cache holds it when the large one is asked for.
    await page.goto(NOTICE);
    expect(await page.getByRole('button', { name: '大字' }).getAttribute('aria-pressed')).toBe('false');
    expect(await served()).toBe('ordinary');

    await page.getByRole('button', { name: '大字' }).click();
    await page.waitForURL((url) => url.pathname === NOTICE);
    expect(await page.getByRole('button', { name: '大字' }).getAttribute('aria-pressed')).toBe('true');
    expect(await served()).toBe('large');
    expect((await context.cookies()).find((c) => c.name === 'rw_large')).toMatchObject({ value: '1', path: '/', sameSite: 'Lax', httpOnly: false });
    await expectAccessibleWithoutScripts(browser, page, 'the notice, made large without scripts');

    await page.goto(`${NOTICE}/feedback`);
    await see(page.getByRole('heading', { level: 1, name: '我要监督' }));
    const form = page.url();
    expect(await served()).toBe('large');
    await page.getByRole('button', { name: '大字' }).click();
    await page.waitForURL(form);
    expect(await page.getByRole('button', { name: '大字' }).getAttribute('aria-pressed')).toBe('false');
    expect(await served()).toBe('ordinary');
    await context.close();
  });
});

describe('when I read at the normal size', () => {
  it('then on every page each tap target is at least 44 × 44 px, no text is under 16 px, and nothing scrolls sideways at 320, 360 or 414 px', async () => {
    const { page, context, cspViolations } = await openPhone(browser);
    await visitEveryPage(page, NORMAL);
    expect(cspViolations).toEqual([]);
    await context.close();
  });
});
