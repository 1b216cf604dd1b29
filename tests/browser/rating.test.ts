/**
 * Journey: on a 360 px phone I look up my replied feedback, read the reply once,
 * rate it 不满意 in two steps with a 为什么, am told that a rating reopens nothing and
 * taken to 请求复查 if I want it handled again, change my mind within the day, and
 * a refresh still shows the result, with the code never in the address.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, longDate, shanghaiDate } from '../../worker/feedback/deadlines';
import { trackMessages } from '../../worker/track-messages';
import { expectAccessible, gotoHydrated, launchBrowser, openPhone, PHONE, ratingOf, see, storeReplied, uniqueContent } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('when my feedback has been replied to and I open it on my phone', () => {
  it('then I read the reply once, rate it 不满意 after confirming, with why, and can change it within the day', async () => {
    const reply = `已安排维修人员上门，楼道漏水已修复。${uniqueContent('rated')}`;
    const stored = storeReplied(reply);
    const { page, context, cspViolations } = await openPhone(browser);
    await gotoHydrated(page, '/track');
    const { ref, queryCode } = await stored;
    await page.getByLabel('反馈编号').fill(ref);
    await page.getByLabel('查询码').fill(queryCode);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await see(page.getByRole('heading', { level: 2, name: `${ref}：已答复` }));

    // The reply is read once: its box, with the timeline pointing to it.
    const body = await page.locator('main').innerText();
    expect(body.split(reply).length - 1).toBe(1);
    expect((await page.locator('main').ariaSnapshot()).split(reply).length - 1).toBe(1);
    await expect.poll(() => page.getByRole('link', { name: '答复内容见上方“答复”' }).getAttribute('href')).toBe('#reply');
    await expect.poll(() => page.locator('section.result').innerText()).toMatch(/承办部门：\S+/);

    // The timeline's numbers stay inside the screen and the page's margin.
    const steps = await page.locator('.timeline .step').evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((b) => [b.left, b.right]));
    expect(steps).toHaveLength(4);
    for (const [left, right] of steps) {
      expect(left).toBeGreaterThanOrEqual(16);
      expect(right).toBeLessThanOrEqual(PHONE.width - 16);
    }

    // Choose 不满意: nothing is sent yet; the confirm step asks, with a 为什么 box.
    await page.getByRole('button', { name: '不满意', exact: true }).click();
    const confirm = await see(page.getByRole('heading', { level: 4, name: '确认评价：不满意？' }));
    await expect.poll(() => confirm.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await ratingOf(ref, queryCode)).toEqual({ rating: null, ratingComment: null });
    await expectAccessible(page, 'the confirm step of a rating');
    await page.getByLabel('为什么不满意？（选填）').fill('楼上还在漏水，没有人来看。');
    await page.getByRole('button', { name: '确认', exact: true }).click();

    const status = await see(page.getByRole('status').filter({ hasText: '已记录您的评价' }));
    // The confirm step is gone: focus is on what became of the rating, not lost to <body>.
    await expect.poll(() => status.evaluate((el) => el === document.activeElement)).toBe(true);
    const rated = page.locator('section.rating');
    await expect.poll(() => rated.innerText()).toContain('您的评价：不满意');
    await expect.poll(() => rated.innerText()).toContain('原因：楼上还在漏水，没有人来看。');
    await expect.poll(() => page.locator('.timeline li').last().innerText()).toContain('您评价了答复：不满意');
    // A 不满意 is on the record but reopens nothing: the page says so, and where to ask for that, by which day.
    const lastDay = longDate(addDays(shanghaiDate(Date.now()), 30));
    await expect.poll(() => status.innerText()).toContain(`${trackMessages.ratingIsNotReview}${trackMessages.reviewToReopen(lastDay)} ${trackMessages.goToReview}`);
    await expectAccessible(page, 'a rated reply');
    await status.getByRole('link', { name: trackMessages.goToReview }).click();
    const reason = page.getByLabel('请求复查的理由');
    await see(reason);
    await expect.poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(page.url()).toMatch(/\/track$/);

    // Within the day: 修改评价, choose 满意 (no 为什么), confirm.
    await page.getByText('修改评价', { exact: true }).click();
    await page.getByRole('button', { name: '满意', exact: true }).click();
    await see(page.getByRole('heading', { level: 4, name: '确认评价：满意？' }));
    await expect.poll(() => page.getByLabel('为什么不满意？（选填）').count()).toBe(0);
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await see(page.getByRole('status').filter({ hasText: '已修改您的评价' }));
    await expect.poll(() => rated.innerText()).toContain('您的评价：满意');
    await expect.poll(() => rated.innerText()).not.toContain(trackMessages.ratingIsNotReview);
    await expect.poll(() => page.locator('.timeline li').last().innerText()).toContain('您修改了评价：满意');
    expect(await ratingOf(ref, queryCode)).toEqual({ rating: 3, ratingComment: null });

    // A refresh keeps the result, and the code stays out of the address.
    await page.reload();
    await see(page.getByRole('heading', { level: 2, name: `${ref}：已答复` }));
    expect(page.url()).toMatch(/\/track$/);
    expect(page.url()).not.toContain(queryCode);
    expect(cspViolations).toEqual([]);
    await context.close();
  });
});
