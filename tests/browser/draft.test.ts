/**
 * Journey 4: what I have typed survives a reload (or a crash, or the phone
 * closing the tab), and is gone once it has been sent. My name, phone and e-mail
 * are never kept in the draft, nor my consent: on a shared or borrowed phone the
 * next person must not find them (web/public/lib/draft.ts).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, feedbackCount, gotoHydrated, ITEM_TITLE, launchBrowser, NOTICE, openPhone, see, SLUG, superviseItemTwo, uniqueContent } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function reloadHydrated(page: Page): Promise<void> {
  await page.reload();
  await page.waitForLoadState('networkidle');
}

/** Everything this phone's storage holds, as one string. */
const stored = (page: Page) => page.evaluate(() => JSON.stringify({ ...localStorage }));
/** The form's draft as this phone keeps it. */
const draftOf = (page: Page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null') as Record<string, unknown> | null, `rw.draft.${SLUG}`);
const WITHOUT_WRITER = { name: '', phone: '', email: '', consent: false };
/** The line a restored draft shows near the contact fields, which it never kept. */
const NOT_KEPT = '姓名、电话和邮箱不在本机保存，如需答复，请重新填写。';
const notKeptLine = (page: Page) => page.getByText(NOT_KEPT, { exact: true });

describe('when I reload the page in the middle of typing', () => {
  it('then I find my draft intact: the item, the kind and the content, but not my contact details, which the phone never kept, and I am told so', async () => {
    const { page, context, cspViolations } = await openPhone(browser);
    await gotoHydrated(page, NOTICE);
    await superviseItemTwo(page);
    // Nothing restored yet, so nothing to say.
    expect(await notKeptLine(page).count()).toBe(0);

    const content = uniqueContent('draft kept across a reload');
    await page.getByRole('radio', { name: '表扬' }).check();
    await page.getByLabel('反馈内容').pressSequentially(content.slice(0, 12));
    await page.getByLabel('反馈内容').press('End');
    await page.getByLabel('反馈内容').pressSequentially(content.slice(12));
    await page.getByLabel('姓名（选填）').fill('王五');
    await page.getByLabel('电话（选填）').fill('020-81234567');
    await page.getByLabel('电子邮箱（选填）').fill('wangwu@example.com');
    await page.getByRole('checkbox', { name: '我已阅读并同意以上个人信息说明' }).check();
    await expect.poll(async () => (await draftOf(page))?.content).toBe(content);
    expect(await draftOf(page)).toMatchObject(WITHOUT_WRITER);
    for (const typed of ['王五', '020-81234567', 'wangwu@example.com']) expect(await stored(page)).not.toContain(typed);
    await reloadHydrated(page);

    await expect.poll(() => page.getByLabel('反馈内容').inputValue()).toBe(content);
    await expect.poll(() => page.getByRole('radio', { name: '表扬' }).isChecked()).toBe(true);
    await expect.poll(() => page.getByRole('radio', { name: '意见' }).isChecked()).toBe(false);
    await expect.poll(() => page.getByLabel('监督哪一项').locator('option:checked').textContent()).toContain(ITEM_TITLE);
    await expect.poll(() => page.getByText(`已输入 ${[...content].length} 字`).count()).toBe(1);
    await expect.poll(() => page.getByLabel('姓名（选填）').inputValue()).toBe('');
    await expect.poll(() => page.getByLabel('电话（选填）').inputValue()).toBe('');
    await expect.poll(() => page.getByLabel('电子邮箱（选填）').inputValue()).toBe('');
    // Told why they are empty, just above the contact fields.
    const line = await see(notKeptLine(page));
    const anonymousSwitch = page.getByRole('checkbox', { name: '匿名提交（不留姓名和联系方式）' });
    expect((await line.boundingBox())!.y).toBeLessThan((await anonymousSwitch.boundingBox())!.y);
    await expectAccessible(page, 'the feedback form restored from a draft');

    // The restored draft is live: with a phone typed again and consent given again, sending it works, and then it is gone.
    await page.getByLabel('电话（选填）').fill('020-81234567');
    await expect.poll(() => page.getByRole('checkbox', { name: '我已阅读并同意以上个人信息说明' }).isChecked()).toBe(false);
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
    expect(await notKeptLine(page).count()).toBe(0);
    expect(cspViolations).toEqual([]);
    await context.close();
  });
});

describe('when this phone still holds a draft saved with contact details (before they were left out)', () => {
  it('then the form restores its text without them, and the phone no longer holds them', async () => {
    const { page, context } = await openPhone(browser);
    await gotoHydrated(page, `${NOTICE}/feedback`);
    const content = uniqueContent('an old draft with contact details');
    await page.evaluate(
      ({ key, content }) => localStorage.setItem(key, JSON.stringify({ itemId: null, kind: 'report', content, anonymous: false, name: '赵六', phone: '13900001111', email: 'zhaoliu@example.com', consent: true })),
      { key: `rw.draft.${SLUG}`, content },
    );
    await reloadHydrated(page);
    await expect.poll(() => page.getByLabel('反馈内容').inputValue()).toBe(content);
    await expect.poll(() => page.getByLabel('电话（选填）').inputValue()).toBe('');
    await see(notKeptLine(page));
    expect(await draftOf(page)).toMatchObject({ ...WITHOUT_WRITER, content });
    for (const typed of ['赵六', '13900001111', 'zhaoliu@example.com']) expect(await stored(page)).not.toContain(typed);
    await context.close();
  });
});

describe('when I reload a draft I had marked 匿名', () => {
  it('then it comes back 匿名, with no line about contact details I chose not to give', async () => {
    const { page, context } = await openPhone(browser);
    await gotoHydrated(page, `${NOTICE}/feedback`);
    const content = uniqueContent('an anonymous draft');
    await page.getByLabel('反馈内容').fill(content);
    await page.getByRole('checkbox', { name: '匿名提交（不留姓名和联系方式）' }).check();
    await expect.poll(async () => await draftOf(page)).toMatchObject({ content, anonymous: true });
    await reloadHydrated(page);
    await expect.poll(() => page.getByLabel('反馈内容').inputValue()).toBe(content);
    await expect.poll(() => page.getByRole('checkbox', { name: '匿名提交（不留姓名和联系方式）' }).isChecked()).toBe(true);
    expect(await notKeptLine(page).count()).toBe(0);
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
