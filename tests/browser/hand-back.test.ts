/**
 * 退回: a department's handler opens work newly given to their department,
 * which signs for it (签收, with its time in the facts), and hands it back as not
 * theirs with a reason. The clerks' inbox then lists it as 已退回 with the
 * reason, without a department, back to 已受理; its screen says the same.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDepartmentAccount, createStaffAccount, d1, expectAccessible, firstSignIn, launchBrowser, onScreen, openDesk, see, storeRows } from './helpers';

const OWN_PASSWORD = '不归我们管就退回去 2026';
const REASON = '反映的是路灯维修，属于城建办职责，不归本部门办理';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('when a department handler hands feedback back', () => {
  it('then it leaves their department, and the clerks see it as 已退回 with the reason', async () => {
    const department = `退回测试科${randomUUID().slice(0, 6)}`;
    d1(`insert into departments (name) values ('${department}')`);
    const token = randomUUID().slice(0, 8);
    const [f] = storeRows([{ content: `楼下路灯坏了一个月 ${token}`, status: 'in_progress', department }]);
    d1(`update feedback set accepted_at = ${Date.now()} where id = ${f!.id}`);
    const handler = createDepartmentAccount('handler', 'handback', department);
    const clerk = createStaffAccount('handler', 'clerk');

    // The handler's inbox opens on the department's open work (未办结), where it waits: not on 待受理,
    // which a clerk's accepting and assigning has already emptied of it.
    const desk = await openDesk(browser);
    const { page } = desk;
    await page.goto('/staff/');
    await firstSignIn(page, handler, OWN_PASSWORD);
    await see(page.locator('.list-head').filter({ hasText: '当前筛选：状态：未办结（待受理、已受理、办理中）。共 1 条' }));
    await expect.poll(() => page.getByRole('link', { name: '未办结' }).getAttribute('aria-current')).toBe('page');
    // The handler opens it: signed for.
    await page.locator('.inbox-table tbody tr').filter({ hasText: f!.ref }).getByRole('link', { name: f!.ref }).click();
    await onScreen(page, `反馈 ${f!.ref}`);
    await see(page.locator('dl.facts dd').filter({ hasText: /^已签收（\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}）$/ }));
    expect(Number(d1(`select department_seen_at as at from feedback where id = ${f!.id}`)[0]!.at)).toBeGreaterThan(0);

    // Without a reason it is refused; with one it goes back.
    const form = page.getByRole('form', { name: '退回' });
    await form.getByRole('button', { name: '退回给分办人员' }).click();
    await see(form.getByRole('alert').filter({ hasText: '请填写退回的理由' }));
    await expectAccessible(page, 'the hand-back with an error');
    await form.getByLabel('退回理由').fill(REASON);
    await form.getByRole('button', { name: '退回给分办人员' }).click();
    await onScreen(page, `已退回 ${f!.ref}`);
    await see(page.getByText(`退回理由：${REASON}`));
    await expectAccessible(page, 'the feedback handed back');
    expect(d1(`select status, department_id, return_reason from feedback where id = ${f!.id}`)[0]).toEqual({ status: 'accepted', department_id: null, return_reason: REASON });
    expect(desk.cspViolations).toEqual([]);
    await desk.context.close();

    // The clerk's inbox marks it 已退回, with the reason; so does its screen.
    const second = await openDesk(browser);
    await second.page.goto(`/staff/#/inbox?status=all&q=${token}`);
    await firstSignIn(second.page, clerk, OWN_PASSWORD);
    const row = second.page.locator('.inbox-table tbody tr').filter({ hasText: f!.ref });
    await see(row.locator('.tag-returned', { hasText: '已退回' }));
    await expect.poll(() => row.innerText()).toContain(`退回理由：${REASON}`);
    await row.getByRole('link', { name: f!.ref }).click();
    await onScreen(second.page, `反馈 ${f!.ref}`);
    const facts = second.page.locator('dl.facts');
    await see(facts.locator('dd').filter({ hasText: `，理由：${REASON}` }));
    await expect.poll(() => facts.locator('dd').filter({ hasText: '已退回' }).count()).toBe(1);
    await second.context.close();
  }, 120_000);
});
