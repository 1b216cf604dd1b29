/**
 * Journey 4: what I have typed survives a reload (or a crash, or the phone
 * closing the tab), and is gone once it has been sent.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, feedbackCount, gotoHydrated, ITEM_TITLE, launchBrowser, NOTICE, openPhone, see, superviseItemTwo, uniqueContent } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function reloadHydrated(page: Page): Promise<void> {
  await page.reload();
  await page.waitForLoadState('networkidle');
}

describe('when I reload the page in the middle of typing', () => {
  it('then I find my draft intact: the item, the kind, the content and my contact details', async () => {
    const { page, context, cspViolations } = await openPhone(browser);
    await gotoHydrated(page, NOTICE);
    await superviseItemTwo(page);

    const content = uniqueContent('draft kept across a reload');
    await page.getByRole('radio', { name: '表扬' }).check();
    await page.getByLabel('反馈内容').pressSequentially(content.slice(0, 12));
    await page.getByLabel('反馈内容').press('End');
    await page.getByLabel('反馈内容').pressSequentially(content.slice(12));
    await page.getByLabel('姓名（选填）').fill('王五');
    await page.getByLabel('电话（选填）').fill('020-81234567');
    await page.getByLabel('电子邮箱（选填）').fill('wangwu@example.com');
    await reloadHydrated(page);

    await expect.poll(() => page.getByLabel('反馈内容').inputValue()).toBe(content);
    await expect.poll(() => page.getByRole('radio', { name: '表扬' }).isChecked()).toBe(true);
    await expect.poll(() => page.getByRole('radio', { name: '意见' }).isChecked()).toBe(false);
    await expect.poll(() => page.getByLabel('姓名（选填）').inputValue()).toBe('王五');
    await expect.poll(() => page.getByLabel('电话（选填）').inputValue()).toBe('020-81234567');
    await expect.poll(() => page.getByLabel('电子邮箱（选填）').inputValue()).toBe('wangwu@example.com');
    await expect.poll(() => page.getByLabel('监督哪一项').locator('option:checked').textContent()).toContain(ITEM_TITLE);
    await expect.poll(() => page.getByText(`已输入 ${[...content].length} 字`).count()).toBe(1);
    await expectAccessible(page, 'the feedback form restored from a draft');

    // The restored draft is live: ticking consent and sending it works, and then it is gone.
    await page.getByRole('checkbox', { name: '我已阅读并同意以上个人信息说明' }).check();
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await see(page.getByTestId('ref'));
    expect(feedbackCount(content)).toBe(1);

    // A reload shows the receipt again (kept in this history entry); a fresh form is empty.
    await reloadHydrated(page);
    await see(page.getByTestId('ref'));
    await gotoHydrated(page, `${NOTICE}/feedback`);
    await expect.poll(() => page.getByLabel('反馈内容').inputValue()).toBe('');
    await expect.poll(() => page.getByLabel('姓名（选填）').inputValue()).toBe('');
    expect(cspViolations).toEqual([]);
    await context.close();
  });
});

describe('when I come back to the form from the notice’s own button after starting a draft on an item', () => {
  it('then the draft comes back with the item I had chosen', async () => {
    const { page, context } = await openPhone(browser);
    await gotoHydrated(page, NOTICE);
    await superviseItemTwo(page);
    const item = await page.getByLabel('监督哪一项').inputValue();
    const content = uniqueContent('draft on a chosen item');
    await page.getByLabel('反馈内容').fill(content);

    await gotoHydrated(page, NOTICE);
    await page.getByRole('link', { name: '对整份通报提意见' }).click();
    await page.waitForURL(/\/feedback$/);
    await page.waitForLoadState('networkidle');
    await expect.poll(() => page.getByLabel('反馈内容').inputValue()).toBe(content);
    await expect.poll(() => page.getByLabel('监督哪一项').inputValue()).toBe(item);
    await context.close();
  });
});
