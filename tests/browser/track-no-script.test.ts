/**
 * Journey: with scripts blocked, the tracking page still works. The form posts the
 * reference and code to the server, which answers with the result (the reply, and
 * the rating in two steps) or says how many tries are left and whom to call.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageMessages } from '../../worker/page-messages';
import { trackMessages } from '../../worker/track-messages';
import { launchBrowser, openPhoneWithoutScripts, ratingOf, see, storeReplied, uniqueContent } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('when my browser runs no scripts', () => {
  it('then I look up my feedback and read the reply, rate it and am pointed to 请求复查, 大字 is not offered where it cannot work, and a wrong code tells me the tries left and the phone', { timeout: 25_000 }, async () => {
    const reply = `宣传栏已更新。${uniqueContent('no script reply')}`;
    const stored = storeReplied(reply);
    const { page, context } = await openPhoneWithoutScripts(browser);
    await page.goto('/track');
    const { ref, queryCode } = await stored;
    await page.getByLabel('反馈编号').fill(ref);
    await page.getByLabel('查询码').fill(queryCode);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await see(page.getByRole('heading', { level: 2, name: `${ref}：已答复` }));
    await expect.poll(() => page.locator('section.reply p').textContent()).toBe(reply);
    expect(page.url()).toMatch(/\/track$/);
    await expect.poll(() => page.title()).toBe('查询反馈 - 整改监督');

    // Rating in two steps, each answered by the server.
    await page.getByRole('button', { name: '不满意', exact: true }).click();
    await see(page.getByRole('heading', { level: 4, name: '确认评价：不满意？' }));
    await page.getByLabel('为什么不满意？（选填）').fill('仍有旧的宣传单。');
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await see(page.getByText('已记录您的评价'));
    await expect.poll(() => page.locator('section.rating').innerText()).toContain('您的评价：不满意');
    expect(await ratingOf(ref, queryCode)).toEqual({ rating: 1, ratingComment: '仍有旧的宣传单。' });
    // A rating reopens nothing: the way to 请求复查 is a jump within the page, which opens its box.
    await page.getByRole('link', { name: trackMessages.goToReview }).click();
    await see(page.getByLabel('请求复查的理由'));
    // This page answered a POST: 大字 could not come back to it, so it is not offered; a line says why.
    await expect.poll(() => page.getByRole('button', { name: '大字' }).isVisible()).toBe(false);
    // (A noscript's text is not found by text: Playwright skips noscript elements when matching it.)
    await expect.poll(() => see(page.locator('main > noscript')).then((note) => note.innerText())).toBe(pageMessages.largeNeedsScript);

    // The empty form is a page of its own: 大字 is there.
    await page.goto('/track');
    await see(page.getByRole('button', { name: '大字' }));
    await expect.poll(() => page.locator('noscript').count()).toBe(0);

    // A wrong code: the form again, what was typed kept, the tries left and whom to call.
    await page.getByLabel('反馈编号').fill(ref);
    await page.getByLabel('查询码').fill('AAAA-BBBB-CCCC');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    const alert = await see(page.getByRole('alert'));
    const text = await alert.innerText();
    expect(text).toContain('找不到这条反馈：请核对编号和查询码');
    expect(text).toMatch(/本小时内还可以再试 \d 次/);
    expect(text).toContain('忘记查询码？请致电');
    await expect.poll(() => alert.getByRole('link', { name: '0755-25772603' }).getAttribute('href')).toBe('tel:075525772603');
    await expect.poll(() => page.title()).toBe('错误：查询反馈 - 整改监督');
    await expect.poll(() => page.getByLabel('查询码').inputValue()).toBe('AAAA-BBBB-CCCC');
    expect(page.url()).toMatch(/\/track$/);
    await context.close();
  });
});
