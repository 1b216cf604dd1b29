/**
 * The first sign-in's password page: the new password is hidden as typed, and 显示密码 (a toggle
 * button, aria-pressed) shows it to check a long sentence before setting it, instead of a second
 * field to type it again. The one-time password stays a field of its own, typed.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount, expectAccessible, LAPTOP, launchBrowser, onScreen, openPhone, see, signInToConsole } from './helpers';

const OWN = '第一次登录时自己想的一句话 2026';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('when a new member of staff sets their password at the first sign-in', () => {
  it('then they can show the new password to check it, hide it again, and set it', async () => {
    const account = createStaffAccount('viewer', 'first-password');
    const { page, context, cspViolations } = await openPhone(browser, LAPTOP);
    await page.goto('/staff/');
    await signInToConsole(page, account.email, account.password);
    await onScreen(page, '首次登录：设置您的密码');
    await page.getByLabel('一次性密码').fill(account.password);
    const field = page.getByLabel('新密码');
    await field.fill(OWN);
    const toggle = page.getByRole('button', { name: '显示密码' });
    await see(toggle);
    expect(await field.getAttribute('type')).toBe('password');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await toggle.getAttribute('aria-controls')).toBe(await field.getAttribute('id'));
    expect(await page.getByLabel('再次输入新密码').count()).toBe(0);

    await toggle.click();
    await expect.poll(() => field.getAttribute('type')).toBe('text');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await field.inputValue()).toBe(OWN);
    await expectAccessible(page, 'the first password with the new one shown');
    await toggle.click();
    await expect.poll(() => field.getAttribute('type')).toBe('password');
    expect(await page.getByLabel('一次性密码').getAttribute('type')).toBe('password');

    await page.getByRole('button', { name: '设置密码并进入工作台' }).click();
    await onScreen(page, '收件箱');
    expect(cspViolations).toEqual([]);
    await context.close();
  });
});
