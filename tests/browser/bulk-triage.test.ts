/**
 * Monday morning on a 1366×768 laptop: the inbox shows a screenful of one-line
 * rows (at least 8 above the fold, under the today bar and the filters), dates
 * as `11-30` with the full date in the tooltip; the clerk ticks three rows,
 * accepts them in one step, then gives the same three to a department in one
 * step. D1 holds the new statuses and departments, and the audit log an entry
 * per feedback and step. The success message stays on the inbox: it is gone on
 * the next screen. The inbox remembers its order for 下一条.
 *
 * And when a colleague got there first: a step that did nothing is a warning,
 * not a success; 受理 is then off, with its reason, for rows already accepted;
 * and the message goes when the view changes.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aboveTheFold, createStaffAccount, d1, expectAccessible, firstSignIn, LAPTOP, launchBrowser, onScreen, openPhone, see, storeRows } from './helpers';

const OWN_PASSWORD = '周一早上批量受理的一句话 2026';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('when a clerk triages a morning’s feedback on a laptop', () => {
  it('then ten rows fit the screen, and three are accepted in one step and given to a department in another', async () => {
    const token = `批量${Date.now().toString(36)}`;
    const department = `批量测试科${Date.now() % 1_000_000}`;
    // In the inbox's order (nearest reply-by date first); the department is made in the same request to D1.
    const stored = storeRows(
      Array.from({ length: 10 }, (_, i) => ({ content: `${token} 第${i + 1}条：楼道灯坏了很久没人修，电话反映过也没有回音。`, replyBy: `2099-02-${String(10 + i).padStart(2, '0')}` })),
      `insert into departments (name) values ('${department}')`,
    );
    const clerk = createStaffAccount('handler', 'bulk');

    const { page, context, cspViolations } = await openPhone(browser, LAPTOP);
    await page.goto('/staff/');
    await firstSignIn(page, clerk, OWN_PASSWORD);
    // The console opens on 待受理.
    await expect.poll(() => page.getByLabel('状态').inputValue()).toBe('new');

    await page.goto(`/staff/#/inbox?status=all&q=${encodeURIComponent(token)}`);
    await see(page.locator('.list-head').filter({ hasText: '。共 10 条' }));
    const rows = page.locator('.inbox-table tbody tr');
    expect(await rows.locator('a.ref').allInnerTexts()).toEqual(stored.map((f) => f.ref));
    expect(await aboveTheFold(page, rows)).toBeGreaterThanOrEqual(8);
    const received = rows.first().locator('time');
    await expect.poll(() => received.innerText()).toMatch(/^\d{2}-\d{2}$/);
    await expect.poll(() => received.getAttribute('title')).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    await expectAccessible(page, 'the inbox at 1366×768');

    // When I tick three and press 受理, then they are accepted at once, and stay ticked.
    const three = [stored[1]!, stored[4]!, stored[7]!];
    for (const f of three) await page.getByRole('checkbox', { name: `选择 ${f.ref}` }).check();
    const bar = page.getByRole('region', { name: '批量处理' });
    await see(bar.getByText('已选 3 条'));
    await bar.getByRole('button', { name: '受理', exact: true }).click();
    await see(page.locator('.flash').filter({ hasText: '已受理 3 条反馈' }));
    await page.waitForFunction(() => [...document.querySelectorAll('.inbox-table tbody .tag')].filter((t) => t.textContent === '已受理').length === 3);
    await see(bar.getByText('已选 3 条'));
    await expectAccessible(page, 'the inbox after a bulk step');

    // Then I give the same three to a department in one step.
    await bar.getByLabel('指派部门').selectOption({ label: department });
    await bar.getByRole('button', { name: '指派', exact: true }).click();
    await see(page.locator('.flash').filter({ hasText: `已指派给${department} 3 条反馈` }));

    const ids = three.map((f) => f.id).join(',');
    const [state] = d1(`select
      (select group_concat(status || '/' || coalesce((select name from departments d where d.id = f.department_id), '-'), ' ') from (select * from feedback where id in (${ids}) order by id) f) as rows,
      (select group_concat(status, ' ') from feedback where id in (${stored.filter((f) => !three.includes(f)).map((f) => f.id).join(',')})) as others,
      (select json_group_array(json_array(action, cast(target_id as integer))) from (select * from audit_log where target_type = 'feedback' and cast(target_id as integer) in (${ids}) order by id)) as audit,
      (select count(*) from feedback_events where feedback_id in (${ids}) and type in ('accepted', 'assigned')) as events`);
    expect(state!.rows).toBe(Array(3).fill(`accepted/${department}`).join(' '));
    expect(state!.others).toBe(Array(7).fill('new').join(' '));
    expect(JSON.parse(String(state!.audit))).toEqual([...three.map((f) => ['feedback.transition', f.id]), ...three.map((f) => ['feedback.assign', f.id])]);
    expect(state!.events).toBe(6);

    // 标为无效 asks first: 取消 changes nothing; 确认标为无效 marks the two ticked.
    for (const f of three) await page.getByRole('checkbox', { name: `选择 ${f.ref}` }).uncheck();
    const two = [stored[2]!, stored[3]!];
    for (const f of two) await page.getByRole('checkbox', { name: `选择 ${f.ref}` }).check();
    await bar.getByRole('button', { name: '标为无效', exact: true }).click();
    const confirm = bar.getByRole('group', { name: '确认标为无效' });
    await see(confirm.getByText('确认将已选的 2 条反馈标为无效？'));
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('确认标为无效');
    await expectAccessible(page, 'the bulk spam confirmation');
    await confirm.getByRole('button', { name: '取消' }).click();
    await expect.poll(() => confirm.count()).toBe(0);
    expect(d1(`select group_concat(status, ' ') as s from feedback where id in (${two.map((f) => f.id).join(',')})`)[0]!.s).toBe('new new');
    await bar.getByRole('button', { name: '标为无效', exact: true }).click();
    await confirm.getByRole('button', { name: '确认标为无效' }).click();
    await see(page.locator('.flash').filter({ hasText: '已标为无效 2 条反馈' }));
    // The confirmation has gone with its button: the focus is on the result, not on the page's body.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('已标为无效 2 条反馈');
    expect(d1(`select group_concat(status, ' ') as s from feedback where id in (${two.map((f) => f.id).join(',')})`)[0]!.s).toBe('spam spam');
    for (const f of two) await page.getByRole('checkbox', { name: `选择 ${f.ref}` }).uncheck();

    // The inbox remembers its order as shown now (accepted feedback has its reply-by date, so comes first), ids only, for 下一条.
    const shown = (await rows.locator('a.ref').allInnerTexts()).map((ref) => stored.find((f) => f.ref === ref)!.id);
    expect(shown.slice(0, 3).sort()).toEqual(three.map((f) => f.id).sort());
    const order = JSON.parse((await page.evaluate(() => sessionStorage.getItem('rw.inbox-order'))) ?? 'null') as { ids: number[]; search: string };
    expect(order.ids).toEqual(shown);
    expect(order.search).toBe(`status=all&q=${encodeURIComponent(token)}`);
    const first = stored.find((f) => f.id === shown[0])!;
    await rows.first().getByRole('link', { name: first.ref }).click();
    await onScreen(page, `反馈 ${first.ref}`);
    // The console's live region (state/announcer.tsx), the first thing in <main>: empty on the new screen.
    await expect.poll(() => page.locator('main > div.flash[role=status]:first-child').innerText()).toBe('');
    expect(cspViolations).toEqual([]);
    await context.close();
  }, 120_000);
});

describe('when a clerk presses 受理 on feedback a colleague accepted a moment before', () => {
  it('then the result reads as a warning, 受理 is off with its reason, and the message goes with the view', async () => {
    const token = `已被受理${Date.now().toString(36)}`;
    const stored = storeRows(Array.from({ length: 3 }, (_, i) => ({ content: `${token} 第${i + 1}条：路灯不亮，晚上回家看不清路。`, replyBy: `2099-03-0${i + 1}` })));
    const clerk = createStaffAccount('handler', 'bulk-late');
    const { page, context, cspViolations } = await openPhone(browser, LAPTOP);
    await page.goto('/staff/');
    await firstSignIn(page, clerk, OWN_PASSWORD);
    await page.goto(`/staff/#/inbox?status=all&q=${encodeURIComponent(token)}`);
    await see(page.locator('.list-head').filter({ hasText: '。共 3 条' }));
    const bar = page.getByRole('region', { name: '批量处理' });
    const two = stored.slice(0, 2);
    for (const f of two) await page.getByRole('checkbox', { name: `选择 ${f.ref}` }).check();
    // A colleague accepts both after this list was read.
    const now = Date.now();
    d1(`update feedback set status = 'accepted', accepted_at = ${now}, updated_at = ${now} where id in (${two.map((f) => f.id).join(',')})`);

    await bar.getByRole('button', { name: '受理', exact: true }).click();
    const flash = page.locator('main > div.flash[role=status]');
    await see(flash.filter({ hasText: '已受理 0 条反馈，2 条未处理，原因见列表上方' }));
    expect(await flash.getAttribute('class')).toBe('flash warning');

    // Read again: both are accepted and still ticked, so 受理 and 标为无效 are off, saying why.
    await page.waitForFunction(() => [...document.querySelectorAll('.inbox-table tbody .tag')].filter((t) => t.textContent === '已受理').length === 2);
    const accept = bar.getByRole('button', { name: '受理', exact: true });
    await expect.poll(() => accept.getAttribute('aria-disabled')).toBe('true');
    const reason = bar.locator(`#${await accept.getAttribute('aria-describedby')}`);
    await expect.poll(() => reason.innerText()).toBe('所选反馈都不是“待受理”，无需受理；所选反馈都不是“待受理”，不能标为无效');
    expect(await bar.getByRole('button', { name: '指派', exact: true }).getAttribute('aria-disabled')).toBeNull();
    // aria-disabled keeps it in the tab order: pressed from the keyboard, it says why (Playwright will not click it).
    await accept.focus();
    await page.keyboard.press('Enter');
    await see(bar.locator('.error-summary').filter({ hasText: '所选反馈都不是“待受理”，无需受理' }));
    await expectAccessible(page, 'the inbox with an action none of the ticked rows can take');
    expect(d1(`select count(*) as n from audit_log where target_type = 'feedback' and cast(target_id as integer) in (${stored.map((f) => f.id).join(',')})`)[0]!.n).toBe(0);

    // The message was about that list: another view starts without it.
    await page.getByRole('navigation', { name: '今日待办' }).getByRole('link', { name: /^待受理/ }).click();
    await expect.poll(() => page.getByLabel('状态').inputValue()).toBe('new');
    await expect.poll(() => flash.innerText()).toBe('');
    expect(await flash.getAttribute('class')).toBe('flash empty');
    expect(cspViolations).toEqual([]);
    await context.close();
  }, 120_000);
});
