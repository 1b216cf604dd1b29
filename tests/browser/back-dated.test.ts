/**
 * A back-dated entry and an honest report: a clerk logs a phone call that came
 * 20 days ago, time unknown, typing the date the way people do; the form warns,
 * before saving, that its acknowledgement deadline has passed, and the receipt
 * says it again; the feedback shows its day without a made-up time. Then the statistics
 * with 本月 carry the period in their heading, on screen and on paper. axe
 * checks each screen.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, longDate, shanghaiDate } from '../../worker/feedback/deadlines';
import { periodRange } from '../../worker/stats/periods';
import { createStaffAccount, expectAccessible, firstSignIn, launchBrowser, onScreen, openDesk, see, uniqueContent } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('when a clerk logs a phone call that came 20 days ago', () => {
  it('then the form warns before saving that it is already overdue, the receipt says so, and the report for 本月 states its period', async () => {
    const today = shanghaiDate(Date.now());
    const called = addDays(today, -20);
    const acknowledgeBy = addDays(called, 15);
    const content = uniqueContent('a call logged 20 days late');
    const clerk = createStaffAccount('admin', 'backdated');
    const { page, context, cspViolations } = await openDesk(browser);
    await page.goto('/staff/');
    await firstSignIn(page, clerk, '补录来电用的一句话 2026');

    await page.getByRole('navigation', { name: '工作台' }).getByRole('link', { name: '录入反馈' }).click();
    await onScreen(page, '录入反馈');
    await page.getByRole('radio', { name: '电话' }).check();
    // Typed as digits on the phone's number pad: tidied to YYYY-MM-DD when the field is left.
    const date = page.getByLabel('收到日期');
    await expect.poll(() => date.getAttribute('type')).toBe('text');
    await expect.poll(() => date.getAttribute('inputmode')).toBe('numeric');
    // An example anyone can read, not YYYY-MM-DD.
    expect(await date.getAttribute('placeholder')).toBe('例如 2026-11-30');
    await date.fill(called.replace(/-/g, ''));
    await date.blur();
    await expect.poll(() => date.inputValue()).toBe(called);

    const warning = await see(page.locator('#new-deadline-warning'));
    await expect.poll(() => warning.innerText()).toContain(`受理期限 ${acknowledgeBy} 已过：这条反馈录入后即为超期`);
    await expectAccessible(page, 'manual entry warning of a passed deadline');

    await page.getByRole('radio', { name: '反映问题' }).check();
    await page.getByLabel('反馈内容').fill(content);
    await page.getByLabel('反映人要求匿名（不记录姓名和联系方式）').check();
    await page.getByRole('button', { name: '录入', exact: true }).click();
    await onScreen(page, '录入成功');
    const receiptWarning = await see(page.locator('#receipt-deadline-warning'));
    // One way of writing dates on the receipt; the reply runs from acceptance, which has not happened yet:
    // its example counts from the day the call came, not from the day it was logged (nor the day the receipt is read).
    await expect.poll(() => receiptWarning.innerText()).toContain(`受理期限 ${longDate(acknowledgeBy)} 已过：这条反馈已经超期`);
    await expect.poll(() => page.getByTestId('receipt-deadlines').innerText()).toBe(
      `应在 ${longDate(acknowledgeBy)} 前告知是否受理；自受理之日起 60 日内答复（如收到当天受理，则在 ${longDate(addDays(called, 60))} 前）。`,
    );
    expect(await page.locator('.receipt').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // A caller is on the line: told the two.
    await see(page.getByRole('heading', { name: '已录入。请把编号和查询码告诉反映人' }));
    await expectAccessible(page, 'the receipt of an overdue entry');
    // Stored without a made-up time: the feedback gives the day alone.
    await page.getByRole('link', { name: '查看这条反馈' }).click();
    const received = await see(page.locator('dl.facts dd').filter({ hasText: '未记录具体时间' }));
    await expect.poll(() => received.innerText()).toBe(`${longDate(called)}（未记录具体时间）`);

    // The statistics for 本月, headed with the period, as printed.
    await page.getByRole('navigation', { name: '工作台' }).getByRole('link', { name: '统计' }).click();
    await onScreen(page, '统计');
    // All time, first: the call just logged has no department yet, named as everywhere else.
    await see(page.getByRole('table', { name: '按承办部门' }).getByRole('rowheader', { name: '未指定部门', exact: true }));
    const figure = (name: string) => page.locator('dl.stats-figures dt', { hasText: name }).locator('xpath=following-sibling::dd[1]');
    await expect.poll(() => figure('受理用时').innerText()).toMatch(/^(半数在 \d+ 天以内|半数：—)，(90% 在 \d+ 天以内|90%：—)（\d+ 条已作受理决定）$/);
    await expect.poll(() => figure('当前超期').innerText()).toMatch(/，只计统计期间内收到的反馈$/);
    await see(page.getByRole('heading', { name: '近 12 周趋势' }));
    // Numbers under their headers: both right-aligned.
    const trend = page.locator('.stats-trend table');
    for (const header of ['收到', '答复']) {
      expect(await trend.getByRole('columnheader', { name: header }).evaluate((el) => getComputedStyle(el).textAlign)).toBe('right');
    }
    expect(await page.getByRole('table', { name: '按类别' }).getByRole('columnheader', { name: '条数' }).evaluate((el) => getComputedStyle(el).textAlign)).toBe('right');
    // The short tables beside 按整改事项 keep their own height: rows of one line.
    const kindRow = page.getByRole('table', { name: '按类别' }).locator('tbody tr').first();
    expect((await kindRow.boundingBox())!.height).toBeLessThan(60);
    await page.getByRole('button', { name: '本月' }).click();
    const month = periodRange('month', Date.now());
    const period = page.getByTestId('report-period');
    await see(period.filter({ hasText: '本月' }));
    await expect.poll(() => period.innerText()).toBe(`${longDate(month.from)} 至 ${longDate(month.to)}（本月）`);
    expect(await page.getByRole('button', { name: '本月' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.getByLabel('收到日期从').inputValue()).toBe(month.from);
    await expectAccessible(page, 'the statistics for 本月');
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => page.getByRole('heading', { name: '整改监督群众反馈统计' }).isVisible()).toBe(true);
    await expect.poll(() => period.isVisible()).toBe(true);
    await expect.poll(() => page.locator('form.stats-filters').isVisible()).toBe(false);
    // No banner on paper (an admin sees the holiday calendar's on screen).
    expect(await page.locator('.calendar-banner').isVisible()).toBe(false);

    expect(cspViolations).toEqual([]);
    await context.close();
  });
});

describe('when a clerk logs an anonymous letter', () => {
  it('then the receipt says to keep the reference and query code on file, as nobody can be told them', async () => {
    const clerk = createStaffAccount('handler', 'letter');
    const { page, context } = await openDesk(browser);
    await page.goto('/staff/');
    await firstSignIn(page, clerk, '匿名来信录入用的一句话 2026');
    await page.getByRole('navigation', { name: '工作台' }).getByRole('link', { name: '录入反馈' }).click();
    await onScreen(page, '录入反馈');
    await page.getByRole('radio', { name: '信件' }).check();
    await page.getByRole('radio', { name: '意见' }).check();
    await page.getByLabel('反馈内容').fill(uniqueContent('an anonymous letter'));
    await page.getByLabel('反映人要求匿名（不记录姓名和联系方式）').check();
    await page.getByRole('button', { name: '录入', exact: true }).click();
    await onScreen(page, '录入成功');
    await see(page.getByRole('heading', { name: '已录入。反映人无法联系，请把编号和查询码随来信存档' }));
    await see(page.getByText('这是匿名来信，编号和查询码无法告诉反映人。'));
    expect(await page.getByText('请把编号和查询码告诉反映人').count()).toBe(0);
    await expectAccessible(page, 'the receipt of an anonymous letter');
    await context.close();
  });
});
