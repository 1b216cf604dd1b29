/**
 * 延长答复期限 on a feedback's screen: as the days are typed, the form says the date the
 * reply's deadline would move to, beside the current one; what the server then stores is
 * that date, and the facts say the feedback was extended.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, longDate, shanghaiDate } from '../../worker/feedback/deadlines';
import { createStaffAccount, d1, expectAccessible, firstSignIn, launchBrowser, onScreen, openDesk, see, storeRows, uniqueContent } from './helpers';

const OWN_PASSWORD = '延期之前先看新的期限 2026';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('when a clerk extends the reply period of a feedback', () => {
  it('then the form shows the new deadline as the days are typed, and that is the deadline stored', async () => {
    const today = shanghaiDate(Date.now());
    // Received today and not yet accepted: the reply's date is today + 60, as the server would count it.
    const replyBy = addDays(today, 60);
    const [f] = storeRows([{ content: uniqueContent('to be extended'), status: 'accepted', acknowledgeBy: addDays(today, 15), replyBy }]);
    const clerk = createStaffAccount('handler', 'extend');

    const { page, context, cspViolations } = await openDesk(browser);
    await page.goto(`/staff/#/feedback/${f!.id}`);
    await firstSignIn(page, clerk, OWN_PASSWORD, `反馈 ${f!.ref}`);
    const form = page.getByRole('form', { name: '延长答复期限' });
    const preview = form.getByTestId('extension-preview');
    await see(preview.filter({ hasText: `当前答复期限：${longDate(replyBy)}` }));

    await form.getByLabel('延期天数').fill('10');
    const moved = addDays(replyBy, 10);
    await see(preview.filter({ hasText: `延期后答复期限：${longDate(moved)}（原为 ${longDate(replyBy)}）` }));
    // A number it would refuse shows no new date.
    await form.getByLabel('延期天数').fill('0');
    await see(preview.filter({ hasText: `当前答复期限：${longDate(replyBy)}` }));
    await form.getByLabel('延期天数').fill('10');
    await form.getByLabel('延期理由').fill('需要与物业公司协调维修时间');
    await expectAccessible(page, 'the extension form with its preview');
    await form.getByRole('button', { name: '延期' }).click();
    await onScreen(page, `反馈 ${f!.ref}`);
    await see(page.locator('dl.facts dd').filter({ hasText: '已延期 10 天。理由：需要与物业公司协调维修时间' }));
    expect(d1(`select reply_by, extension_days from feedback where id = ${f!.id}`)[0]).toEqual({ reply_by: moved, extension_days: 10 });
    expect(cspViolations).toEqual([]);
    await context.close();
  }, 60_000);
});
