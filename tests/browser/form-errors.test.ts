/**
 * Journey 5: a form sent with problems says so at the top, in the title and at
 * each field, in the words of worker/messages.ts, and leads to each field.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldMessages } from '../../worker/messages';
import { expectAccessible, fillFeedback, gotoHydrated, launchBrowser, NOTICE, openPhone, see, uniqueContent } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const submit = (page: Page) => page.getByRole('button', { name: '提交', exact: true }).click();
const summary = (page: Page) => page.locator('.error-summary');
const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.className || null);

describe('when I send the feedback form empty', () => {
  it('then the error summary takes focus, the title starts with 错误：, and its link takes me to the content field', async () => {
    const { page, context, cspViolations } = await openPhone(browser);
    await gotoHydrated(page, `${NOTICE}/feedback`);
    await expect.poll(() => page.title()).toBe('我要监督 - 整改监督');
    await submit(page);

    await see(summary(page));
    await expect.poll(() => page.evaluate(() => document.activeElement === document.querySelector('.error-summary'))).toBe(true);
    await expect.poll(() => page.title()).toBe('错误：我要监督 - 整改监督');
    await expect.poll(() => summary(page).getByRole('heading').textContent()).toBe('请修改以下问题');
    // No kind is chosen for me: the summary asks for one, first, as the form is laid out.
    const links = summary(page).getByRole('link');
    expect(await links.evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]))).toEqual([
      [fieldMessages.kind.required, '#field-kind'],
      [fieldMessages.content.required, '#field-content'],
    ]);
    const link = links.filter({ hasText: fieldMessages.content.required });
    await expect.poll(() => page.locator('#content-error').textContent()).toBe(`错误：${fieldMessages.content.required}`);
    await expect.poll(() => page.getByLabel('反馈内容').getAttribute('aria-invalid')).toBe('true');
    expect((await page.getByLabel('反馈内容').getAttribute('aria-describedby'))!.split(' ')).toContain('content-error');
    await expectAccessible(page, 'the feedback form with an error');

    await link.click();
    await expect.poll(() => activeId(page)).toBe('field-content');

    await page.getByLabel('反馈内容').fill(uniqueContent('after an error'));
    await page.getByRole('radio', { name: '建议' }).check();
    await submit(page);
    await see(page.getByTestId('ref'));
    await expect.poll(() => page.title()).toBe('提交成功 - 整改监督');
    expect(cspViolations).toEqual([]);
    await context.close();
  });
});

describe('when I leave contact details that are wrong and do not consent', () => {
  it('then the summary lists one message per field, each linking to its field', async () => {
    const { page, context } = await openPhone(browser);
    await gotoHydrated(page, `${NOTICE}/feedback`);
    await fillFeedback(page, { content: uniqueContent('wrong contact details'), kind: '建议' });
    await page.getByLabel('电话（选填）').fill('12345');
    await page.getByLabel('电子邮箱（选填）').fill('not-an-address');
    await submit(page);

    await see(summary(page));
    await expect.poll(() => page.evaluate(() => document.activeElement === document.querySelector('.error-summary'))).toBe(true);
    const links = summary(page).getByRole('link');
    const listed = await links.evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    expect(listed).toEqual([
      [fieldMessages.phone.invalid, '#field-phone'],
      [fieldMessages.email.invalid, '#field-email'],
      [fieldMessages.consent.required, '#field-consent'],
    ]);
    await expectAccessible(page, 'the feedback form with three errors');

    await links.filter({ hasText: fieldMessages.email.invalid }).click();
    await expect.poll(() => activeId(page)).toBe('field-email');
    await context.close();
  });
});
