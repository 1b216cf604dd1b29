/**
 * Duplicates by choice: two people report the same thing about one item in
 * their own words. A clerk opening the second from the inbox and choosing 重复
 * is offered the first (its reference, date, opening words, marked 同一事项) and
 * picks it; no reference is typed. D1 holds the link. The result, said on that
 * feedback's screen, offers 下一条: the next of the same list, whose screen
 * starts without it, and 返回收件箱 goes back to the list as filtered. axe checks
 * the choices.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount, d1, expectAccessible, firstSignIn, ITEM_TITLE, launchBrowser, onScreen, openDesk, see, SLUG, storeRows } from './helpers';

const OWN_PASSWORD = '重复的反馈选一下就好 2026';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('when a clerk marks a feedback as a duplicate', () => {
  it('then the console offers the similar feedback on the same item, and choosing it is enough', async () => {
    // A street of its own, so that only these two read alike.
    const street = `枫${randomUUID().slice(0, 4)}巷`;
    // The second comes first in the inbox (nearest reply-by date first).
    const [first, second] = storeRows([
      { content: `${street}领导接访日的公告一直没有在社区张贴出来，居民都不知道哪天可以去反映问题`, receivedAt: Date.now() - 3_600_000, replyBy: '2099-02-01' },
      { content: `${street}的领导接访日公告没有张贴，居民不知道接访时间`, receivedAt: Date.now() - 60_000, replyBy: '2099-01-15' },
    ]);
    d1(`update feedback set item_id = (select i.id from items i join notices n on n.id = i.notice_id where n.slug = '${SLUG}' and i.title = '${ITEM_TITLE}') where id in (${first!.id}, ${second!.id})`);

    const { page, context, cspViolations } = await openDesk(browser);
    const list = `#/inbox?status=all&q=${encodeURIComponent(street)}`;
    await page.goto(`/staff/${list}`);
    await firstSignIn(page, createStaffAccount('handler', 'duplicate'), OWN_PASSWORD);
    const rows = page.locator('.inbox-table tbody tr');
    await see(page.locator('.list-head').filter({ hasText: '共 2 条' }));
    expect(await rows.locator('a.ref').allInnerTexts()).toEqual([second!.ref, first!.ref]);
    await rows.getByRole('link', { name: second!.ref }).click();
    await onScreen(page, `反馈 ${second!.ref}`);

    await page.getByRole('radio', { name: '重复', exact: true }).check();
    const choices = page.getByRole('group', { name: '与哪条反馈重复' });
    const offered = await see(choices.getByRole('radio', { name: new RegExp(first!.ref) }));
    const label = await choices.locator('label').filter({ has: page.locator(`input[value="${first!.ref}"]`) }).innerText();
    expect(label).toMatch(new RegExp(`^${first!.ref}\\s+\\d{4}年\\d{1,2}月\\d{1,2}日\\s+同一事项\\s+${street}领导接访日`));
    // Never itself; typing stays possible.
    await expect.poll(() => choices.getByRole('radio', { name: new RegExp(second!.ref) }).count()).toBe(0);
    await choices.getByRole('radio', { name: '其他反馈（填写编号）' }).check();
    await see(page.getByLabel('反馈编号'));
    await expectAccessible(page, 'the likely duplicates');

    await offered.check();
    await page.getByRole('button', { name: '确认更改' }).click();
    const outcome = await see(page.locator('.outcome').filter({ hasText: '已改为“重复”' }));
    await see(page.locator('dl.facts').getByRole('link', { name: first!.ref }));
    expect(d1(`select status, duplicate_of_id from feedback where id = ${second!.id}`)[0]).toEqual({ status: 'duplicate', duplicate_of_id: first!.id });

    // 下一条: the next of the list, on a screen of its own; then back to the list as it was.
    await expect.poll(() => outcome.getByRole('link', { name: '返回收件箱' }).getAttribute('href')).toBe(list);
    await outcome.getByRole('link', { name: '下一条' }).click();
    await onScreen(page, `反馈 ${first!.ref}`);
    await expect.poll(() => page.locator('.outcome').count()).toBe(0);
    await expect.poll(() => page.getByText('已改为“重复”').count()).toBe(0);
    await page.getByRole('link', { name: '返回收件箱' }).click();
    await onScreen(page, '收件箱');
    expect(new URL(page.url()).hash).toBe(list);
    expect(cspViolations).toEqual([]);
    await context.close();
  }, 120_000);
});
