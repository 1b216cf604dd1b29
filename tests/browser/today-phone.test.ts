/**
 * The day on a 390×844 phone: the console's frame is one row, the inbox opens
 * (a department's handler: on 未办结) with the today counts first (已超期, 即将超期, 待受理, 已退回)
 * and the filters folded after the results; tapping 已超期 shows the overdue
 * feedback on the first screen, and the filters say so (status 未办结, 期限
 * 已超期). A department's handler counts that department's feedback only, so the
 * counts are exact whatever other journeys add. axe checks each screen.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../worker/feedback/deadlines';
import { createDepartmentAccount, expectAccessible, firstSignIn, launchBrowser, openPhone, see, storeRows, uniqueContent } from './helpers';

const PHONE_390 = { width: 390, height: 844 };
const OWN_PASSWORD = '手机上看今日待办的一句话 2026';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("when a department's handler opens the console on a phone", () => {
  it('then the today counts come first, and 已超期 shows the overdue feedback on the first screen with the filters agreeing', async () => {
    const department = `手机测试科${Date.now() % 1_000_000}`;
    const handler = createDepartmentAccount('handler', 'today', department);
    const today = shanghaiDate(Date.now());
    const day = (n: number) => addDays(today, n);
    const [lateNew, lateWork] = storeRows([
      { content: uniqueContent('overdue new'), status: 'new', acknowledgeBy: day(-1), replyBy: day(40), department },
      { content: uniqueContent('overdue in progress'), status: 'in_progress', acknowledgeBy: day(-40), replyBy: day(-2), department },
      { content: uniqueContent('due soon'), status: 'accepted', acknowledgeBy: day(-20), replyBy: day(2), department },
      ...[1, 2, 3].map((i) => ({ content: uniqueContent(`new ${i}`), status: 'new', acknowledgeBy: day(10), replyBy: day(55), department })),
    ]);

    const { page, context, cspViolations } = await openPhone(browser, PHONE_390);
    await page.goto('/staff/');
    await firstSignIn(page, handler, OWN_PASSWORD);

    // The frame is one row: the name and 菜单, which opens the menu.
    const header = page.locator('header.bar');
    expect((await header.boundingBox())!.height).toBeLessThan(70);
    const menu = page.getByRole('button', { name: /^菜单/ });
    await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => page.getByRole('navigation', { name: '工作台' }).isVisible()).toBe(false);

    // Opens on the department's open work (未办结), the counts first, the filters folded after the results.
    const counts = page.getByRole('navigation', { name: '今日待办' });
    await see(counts.getByRole('link', { name: '待受理 4 条' }));
    expect(await counts.getByRole('link').allTextContents()).toEqual(['已超期 2 条', '即将超期 1 条', '待受理 4 条', '已退回 0 条', '待回应 0 条', '未办结', '全部']);
    await expect.poll(() => counts.getByRole('link', { name: '未办结', exact: true }).getAttribute('aria-current')).toBe('page');
    await see(page.locator('.list-head').filter({ hasText: '当前筛选：状态：未办结（待受理、已受理、办理中）。共 6 条' }));
    const panel = page.locator('details.filter-panel');
    expect(await panel.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    const y = async (selector: string) => (await page.locator(selector).first().boundingBox())!.y;
    expect(await y('nav.today')).toBeLessThan(await y('.inbox-cards'));
    expect(await y('.inbox-cards')).toBeLessThan(await y('details.filter-panel'));
    expect(await y('nav.today')).toBeLessThan(200);
    await expectAccessible(page, 'the inbox on a phone');

    // When I tap 已超期, then the two overdue feedback are on the first screen.
    await counts.getByRole('link', { name: '已超期 2 条' }).click();
    await page.waitForURL((url) => url.hash === '#/inbox?status=open&overdue=1');
    await see(page.locator('.list-head').filter({ hasText: '当前筛选：状态：未办结（待受理、已受理、办理中）；已超期。共 2 条' }));
    const cards = page.locator('.inbox-cards > li');
    expect((await cards.locator('a.ref').allInnerTexts()).sort()).toEqual([lateNew!.ref, lateWork!.ref].sort());
    const last = (await cards.last().boundingBox())!;
    expect(last.y + last.height).toBeLessThanOrEqual(PHONE_390.height);
    await expect.poll(() => counts.getByRole('link', { name: '已超期 2 条' }).getAttribute('aria-current')).toBe('page');

    // The filters, opened, say the same: 未办结 and 已超期.
    await panel.locator('summary').first().click();
    await expect.poll(() => page.getByLabel('状态').inputValue()).toBe('open');
    await expect.poll(() => page.getByLabel('期限').inputValue()).toBe('overdue');
    await expectAccessible(page, 'the overdue view on a phone, filters open');

    // The menu opens under the frame, and closes on the way to another screen.
    await menu.click();
    await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('navigation', { name: '工作台' }).getByRole('link', { name: '整改事项' }).click();
    // The items screen names its notice in the address at once (`#/items?notice=…`,
    // a replace), so the wait is for the screen, whatever its query.
    await page.waitForURL((url) => /^#\/items(\?|$)/.test(url.hash));
    // The menu closes in an effect of the route's change, a frame after the address: wait for it.
    await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false');
    expect(cspViolations).toEqual([]);
    await context.close();
  }, 120_000);
});
