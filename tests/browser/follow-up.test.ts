/**
 * Journey: after the office's reply, on a 360 px phone I add a follow-up (补充说明) on the
 * tracking page; at work, staff see the feedback under 待回应 in the today bar, flagged
 * 补充说明 in the inbox, and the detail shows what I wrote and by when to answer.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../worker/feedback/deadlines';
import { createStaffAccount, d1, expectAccessible, firstSignIn, gotoHydrated, launchBrowser, openDesk, openPhone, see, storeReplied, uniqueContent } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('when the office has replied and I still have something to add', () => {
  it('then I add a follow-up on my phone, and staff see it flagged with its deadline', async () => {
    const stored = storeReplied(`已清理楼道堆放物。${uniqueContent('follow-up')}`);
    const account = createStaffAccount('admin', 'follow-up');
    const phone = await openPhone(browser);
    await gotoHydrated(phone.page, '/track');
    const { ref, queryCode } = await stored;
    await phone.page.getByLabel('反馈编号').fill(ref);
    await phone.page.getByLabel('查询码').fill(queryCode);
    await phone.page.getByRole('button', { name: '查询', exact: true }).click();
    await see(phone.page.getByRole('heading', { level: 2, name: `${ref}：已答复` }));

    // The part after the reply arrives on its own; the review is offered until the 30th day after the reply.
    await see(phone.page.getByRole('heading', { level: 3, name: '对答复还有意见？' }));
    await expect.poll(() => phone.page.locator('.after-reply').innerText()).toContain('请求复查');
    await phone.page.getByText('补充说明', { exact: true }).click();
    await expectAccessible(phone.page, 'the follow-up and review part after a reply');
    const text = '楼道清理后第二天又堆满了杂物，请再来看看。';
    await phone.page.getByLabel('补充说明内容').fill(text);
    await phone.page.getByRole('button', { name: '提交补充说明' }).click();
    await see(phone.page.getByRole('status').filter({ hasText: '已收到您的补充说明' }));
    const by = addDays(shanghaiDate(Date.now()), 15);
    const [y, m, d] = by.split('-').map(Number);
    await expect.poll(() => phone.page.locator('.after-reply').innerText()).toContain(`办理单位将在 ${y}年${m}月${d}日 前回复您的补充说明`);
    await expect.poll(() => phone.page.locator('.timeline li').last().innerText()).toMatch(new RegExp(`您补充说明\\s+${text}`));
    expect(d1(`select attention, attention_by from feedback where ref = '${ref}'`)).toEqual([{ attention: 'follow_up', attention_by: by }]);
    expect(phone.cspViolations).toEqual([]);
    await phone.context.close();

    const desk = await openDesk(browser);
    await desk.page.goto('/staff/');
    await firstSignIn(desk.page, account, '正确的马电池订书钉 follow-up');
    await desk.page.getByRole('link', { name: /待回应/ }).click();
    const row = desk.page.locator('tr', { hasText: ref });
    await see(row);
    await expect.poll(() => row.locator('.tag-attention').innerText()).toBe('补充说明');
    await row.getByRole('link', { name: ref }).click();
    const panel = await see(desk.page.locator('section.attention'));
    await expect.poll(() => panel.innerText()).toContain(text);
    await expect.poll(() => panel.innerText()).toContain(by);
    await expectAccessible(desk.page, 'a feedback awaiting staff after a follow-up');
    await desk.context.close();
  });
});
