/**
 * What the console says beside the work, and how loudly. The missing holiday year is an admin's
 * to enter: a banner atop every screen for admins only, with a link of a proper size, put away
 * for the session at a click and never printed; on a feedback, one quiet line for everyone (a
 * link for admins). 待核实 (sent without a proof of work) is explained on the feedback's page.
 * 未签收 is said only while the feedback is open.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount, d1, expectAccessible, firstSignIn, LAPTOP, launchBrowser, onScreen, openPhone, see, storeRows } from './helpers';

const OWN_PASSWORD = '节假日安排还没录入的一句话 2026';
const QUIET = /^\d{4} 年的节假日安排尚未录入，暂按日历日计算；录入后会核对是否顺延。/;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function openFeedback(page: Page, f: { id: number; ref: string }): Promise<void> {
  await page.goto(`/staff/#/feedback/${f.id}`);
  await onScreen(page, `反馈 ${f.ref}`);
}

describe('when the holiday calendar lacks a year that open deadlines fall in', () => {
  it('then admins see a banner they can put away, everyone a quiet line on the feedback, and 待核实 and 未签收 are explained where they apply', async () => {
    const department = `签收测试科${randomUUID().slice(0, 6)}`;
    const token = randomUUID().slice(0, 8);
    // Due in 2099, a year no calendar holds.
    const [check, replied, open] = storeRows(
      [
        { content: `没有运行脚本的手机提交：垃圾桶满了 ${token}` },
        { content: `已答复、部门还没打开过的反馈 ${token}`, status: 'replied', department },
        { content: `办理中、部门还没打开过的反馈 ${token}`, status: 'in_progress', department },
      ],
      `insert into departments (name) values ('${department}')`,
    );
    d1(`update feedback set needs_check = 1 where id = ${check!.id}`);
    const admin = createStaffAccount('admin', 'calendar-note');
    const clerk = createStaffAccount('handler', 'calendar-note');

    const desk = await openPhone(browser, LAPTOP);
    const { page } = desk;
    await page.goto('/staff/');
    await firstSignIn(page, admin, OWN_PASSWORD);
    const banner = page.getByRole('region', { name: '节假日安排数据缺失' });
    await see(banner.getByText(/年尚未录入/));
    const link = banner.getByRole('link', { name: '去录入' });
    expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(40);
    await expectAccessible(page, 'the inbox with the holiday banner');
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => banner.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // The feedback: 待核实 explained, the missing year one quiet line with a link for the admin.
    await openFeedback(page, check!);
    const facts = page.locator('dl.facts');
    await see(facts.locator('dd').filter({ hasText: '提交时网页未运行脚本，没有经过人机验证。请看内容是否像真人反映的情况：是就照常办理；明显是广告或无意义的内容，可以标为无效。' }));
    const quiet = page.locator('.calendar-missing');
    await expect.poll(() => quiet.innerText()).toMatch(QUIET);
    await see(quiet.getByRole('link', { name: '去录入' }));
    expect(await quiet.evaluate((el) => el.closest('strong') === null && getComputedStyle(el).fontWeight !== '700')).toBe(true);
    await expectAccessible(page, 'a feedback to check, due in a year without holiday data');

    // 未签收 while open; nothing about signing once it is answered.
    await openFeedback(page, open!);
    await see(facts.locator('dd .tag', { hasText: '未签收' }));
    await openFeedback(page, replied!);
    await see(facts.locator('dt', { hasText: '承办部门' }));
    expect(await facts.locator('dt', { hasText: '签收' }).count()).toBe(0);
    expect(await page.getByText('未签收').count()).toBe(0);

    // Put away, it stays away for the session, on every screen.
    await banner.getByRole('button', { name: '本次不再提示' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    await page.reload();
    await onScreen(page, `反馈 ${replied!.ref}`);
    await page.goto('/staff/#/inbox');
    await onScreen(page, '收件箱');
    await see(page.locator('.list-head'));
    expect(await banner.count()).toBe(0);
    expect(desk.cspViolations).toEqual([]);
    await desk.context.close();

    // A handler cannot enter the year: no banner, the same quiet line without a link.
    const second = await openPhone(browser, LAPTOP);
    await second.page.goto('/staff/');
    await firstSignIn(second.page, clerk, OWN_PASSWORD);
    await openFeedback(second.page, check!);
    const line = second.page.locator('.calendar-missing');
    await expect.poll(() => line.innerText()).toMatch(QUIET);
    expect(await line.getByRole('link').count()).toBe(0);
    expect(await second.page.getByRole('region', { name: '节假日安排数据缺失' }).count()).toBe(0);
    await second.context.close();
  }, 120_000);
});
