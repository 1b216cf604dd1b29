/**
 * 全部 as a department's handler sees it: the open feedback first, by urgency, then a line saying
 * the finished feedback begins (以下已办结…), then the finished, the latest reply-by date first.
 * At a desk (the table) and on a phone (the cards). A department of its own, so that only these
 * rows are in it whatever other journeys add. axe checks both.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../worker/feedback/deadlines';
import { createDepartmentAccount, expectAccessible, firstSignIn, launchBrowser, onScreen, openDesk, openPhone, see, signInToConsole, storeRows, uniqueContent } from './helpers';

const OWN_PASSWORD = '全部反馈先看未办结的一句话 2026';
const FINISHED_FROM_HERE = '以下已办结，按应答复日期由晚到早';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** The references and the divider's text, in the order the list shows them. */
async function listed(page: Page, rows: string): Promise<string[]> {
  return page.locator(rows).evaluateAll((els) => els.map((el) => (el.classList.contains('group-row') ? el.textContent!.trim() : el.querySelector('a.ref')!.textContent!.trim())));
}

describe("when a department's handler opens 全部", () => {
  it('then the open feedback comes first by urgency, a line says where the finished begins, and the finished follow, the latest first', async () => {
    const department = `全部测试科${Date.now() % 1_000_000}`;
    const today = shanghaiDate(Date.now());
    const day = (n: number) => addDays(today, n);
    // Stored in an order unlike the list's: the closed one is due longest ago, the overdue open one next.
    const [closedLongAgo, due, replied, overdue] = storeRows(
      [
        { content: uniqueContent('closed long ago'), status: 'closed', replyBy: day(-300), department },
        { content: uniqueContent('due in a month'), status: 'accepted', replyBy: day(30), department },
        { content: uniqueContent('replied last week'), status: 'replied', replyBy: day(-7), department },
        { content: uniqueContent('overdue'), status: 'in_progress', replyBy: day(-3), department },
      ],
      `insert into departments (name) values ('${department}')`,
    );
    const expected = [overdue!.ref, due!.ref, FINISHED_FROM_HERE, replied!.ref, closedLongAgo!.ref];
    const handler = createDepartmentAccount('handler', 'all-order', department);

    const desk = await openDesk(browser);
    await desk.page.goto('/staff/');
    await firstSignIn(desk.page, handler, OWN_PASSWORD);
    await desk.page.getByRole('navigation', { name: '今日待办' }).getByRole('link', { name: '全部', exact: true }).click();
    await see(desk.page.locator('.inbox-table tr.group-row'));
    expect(await listed(desk.page, '.inbox-table tbody tr')).toEqual(expected);
    await expectAccessible(desk.page, '全部 at a desk, open before finished');
    const address = desk.page.url();
    await desk.context.close();

    const phone = await openPhone(browser);
    await phone.page.goto('/staff/');
    await signInToConsole(phone.page, handler.email, OWN_PASSWORD);
    await onScreen(phone.page, '收件箱');
    await phone.page.goto(address);
    await see(phone.page.locator('.inbox-cards li.group-row'));
    expect(await listed(phone.page, '.inbox-cards > li')).toEqual(expected);
    await expectAccessible(phone.page, '全部 on a phone, open before finished');
    await phone.context.close();
  });
});
