/**
 * Staff accounts in the console, at laptop size: an admin adds a member and
 * copies the one-time setup link (no password is ever on screen); the member
 * opens it in a browser of their own, chooses a password and lands in the
 * inbox, signed in; the link then no longer works. And an admin merges one
 * department into another after a confirmation that says what moves. axe
 * checks every screen on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffErrors } from '../../worker/staff/messages';
import { consoleMessages } from '../../web/staff/lib/messages';
import { baseUrl, createStaffAccount, d1, expectAccessible, launchBrowser, openPhone, see, signInToConsole, type Phone } from './helpers';

const CONSOLE = '整改监督工作台';
const LAPTOP = { width: 1366, height: 768 };
const ADMIN_PASSWORD = '管理员自己记得住的一句话 2026';
const MEMBER_PASSWORD = '新同事自己选的一句话 2026';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

function openLaptop(): Promise<Phone> {
  return openPhone(browser, LAPTOP);
}

/** Waits until the document title names `screen` (with 错误： when it shows errors). */
async function onScreen(page: Page, screen: string): Promise<void> {
  await page.waitForFunction((t) => document.title === t, `${screen} - ${CONSOLE}`, { timeout: 10_000 });
}

/** An admin made with the CLI, signed in with a password of their own, on the 账号 screen. */
async function adminOnAccounts(page: Page): Promise<void> {
  const admin = createStaffAccount('admin', 'accounts');
  await page.goto('/staff/#/users');
  await signInToConsole(page, admin.email, admin.password);
  await onScreen(page, '首次登录：设置您的密码');
  await page.getByLabel('一次性密码').fill(admin.password);
  await page.getByLabel('新密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '设置密码并进入工作台' }).click();
  await onScreen(page, '账号');
}

describe('when an admin adds a member of staff', () => {
  it('then the member opens the setup link in their own browser, sets a password and lands in the inbox, signed in', async () => {
    const { page, context, cspViolations } = await openLaptop();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    await adminOnAccounts(page);
    await see(page.locator('.users-table tbody tr').first());
    await expectAccessible(page, 'the accounts screen');

    // When I add a handler of one of the sample's offices…
    const email = `member-${Date.now() % 1_000_000}@example.gov.cn`;
    await page.getByLabel('电子邮箱').fill(email);
    await page.getByLabel('姓名（选填）').fill('新同事');
    await page.getByRole('radio', { name: /^承办人/ }).check();
    await page.getByLabel('所属部门（选填）').selectOption({ label: '公共服务办公室' });
    await page.getByRole('button', { name: '开设账号并生成设置链接' }).click();

    // …then I see a setup link to send, and no password.
    const panel = await see(page.locator('section.panel').filter({ hasText: `已为 ${email} 开设账号` }));
    await expect.poll(() => panel.textContent()).toContain('该链接 24 小时内有效，只能使用一次');
    const link = await page.getByTestId('setup-link').inputValue();
    expect(link).toMatch(new RegExp(`^${baseUrl.replace(/\./g, '\\.')}/staff/#/setup/[A-Za-z0-9_-]{43}$`));
    await expect.poll(() => page.locator('main').innerText()).not.toMatch(/密码：|一次性密码|password/i);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('setup-link-title');
    await expectAccessible(page, 'the accounts screen with a setup link');

    await page.getByRole('button', { name: '复制链接' }).click();
    await see(page.locator('.flash').filter({ hasText: consoleMessages.linkCopied }));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    const row = page.locator('.users-table tbody tr').filter({ hasText: email });
    await see(row);
    await expect.poll(() => row.innerText()).toMatch(/新同事\s+\S+\s+承办人\s+公共服务办公室\s+待设置密码/);

    // The member, in a browser of their own.
    const member = await openLaptop();
    await member.page.goto(link);
    await onScreen(member.page, '设置密码');
    await expect.poll(() => member.page.getByLabel('账号').inputValue()).toBe(email);
    await expectAccessible(member.page, 'the setup screen');

    await member.page.getByLabel('新密码', { exact: true }).fill(MEMBER_PASSWORD);
    await member.page.getByLabel('再次输入新密码').fill(`${MEMBER_PASSWORD}!`);
    await member.page.getByRole('button', { name: '设置密码并进入工作台' }).click();
    const summary = await see(member.page.getByRole('alert').filter({ hasText: '请修改以下问题' }));
    expect(await summary.getByRole('link').allTextContents()).toEqual([consoleMessages.passwordsDiffer]);
    await onScreen(member.page, '错误：设置密码');
    await expectAccessible(member.page, 'the setup screen with an error');

    await member.page.getByLabel('再次输入新密码').fill(MEMBER_PASSWORD);
    await member.page.getByRole('button', { name: '设置密码并进入工作台' }).click();
    await onScreen(member.page, '收件箱');
    expect(new URL(member.page.url()).hash).toBe('#/inbox');
    await expect.poll(() => member.page.locator('.who').innerText()).toContain('新同事（承办人）');
    await see(member.page.locator('.list-head'));
    await expectAccessible(member.page, 'the inbox after setting a password');
    expect(member.cspViolations).toEqual([]);

    // The link worked once.
    const again = await openLaptop();
    await again.page.goto(link);
    await onScreen(again.page, '错误：无法使用这个链接');
    await expect.poll(() => again.page.getByRole('alert').innerText()).toContain(staffErrors.setupLinkUsed);
    await expectAccessible(again.page, 'a used setup link');
    await again.context.close();

    // Back on the admin's screen, the member is active; their own screen offers reset and disable.
    await page.reload();
    await onScreen(page, '账号');
    await see(row.filter({ hasText: '正常' }));
    await row.getByRole('link', { name: '新同事' }).click();
    await onScreen(page, '账号：新同事');
    await see(page.getByRole('button', { name: '重置并生成设置链接' }));
    await expectAccessible(page, "a member's account screen");

    // Disabling signs the member out at once.
    await page.getByRole('button', { name: '停用账号' }).click();
    await see(page.locator('.flash').filter({ hasText: '已停用 新同事 的账号' }));
    await member.page.getByRole('link', { name: '统计' }).click();
    await onScreen(member.page, '登录');

    expect(d1(`select count(*) as n from audit_log where action = 'user.setup' and target_id = (select cast(id as text) from staff_users where email = '${email}')`)[0]!.n).toBe(1);
    expect(cspViolations).toEqual([]);
    await member.context.close();
    await context.close();
  }, 120_000);
});

describe('when an admin merges one department into another', () => {
  it('then the console first says what moves, and the merged department is gone', async () => {
    const { page, context } = await openLaptop();
    await adminOnAccounts(page);
    const suffix = Date.now() % 100_000;
    const [from, into] = [`旧科室${suffix}`, `新科室${suffix}`];
    for (const name of [from, into]) {
      await page.getByLabel('新增部门').fill(name);
      await page.getByRole('button', { name: '新增部门' }).click();
      await see(page.getByRole('listitem').filter({ hasText: new RegExp(`^${name}$`) }));
    }

    // A member of the department that will be merged.
    await page.getByLabel('电子邮箱').fill(`merged-${suffix}@example.gov.cn`);
    await page.getByRole('radio', { name: /^查看人/ }).check();
    await page.getByLabel('所属部门（选填）').selectOption({ label: from });
    await page.getByRole('button', { name: '开设账号并生成设置链接' }).click();
    await see(page.locator('.users-table tbody tr').filter({ hasText: `merged-${suffix}@` }));

    await page.getByRole('link', { name: from, exact: true }).click();
    await onScreen(page, `部门：${from}`);
    await expectAccessible(page, 'a department screen');

    await page.getByRole('button', { name: '下一步' }).click();
    await onScreen(page, `错误：部门：${from}`);
    await page.getByLabel('并入哪个部门').selectOption({ label: into });
    await page.getByRole('button', { name: '下一步' }).click();
    const confirm = await see(page.getByRole('group', { name: `确认把“${from}”并入“${into}”` }));
    await expect.poll(() => confirm.getByTestId('merge-summary').innerText()).toBe(
      [`0 条反馈改由“${into}”承办`, `0 个整改事项改由“${into}”负责`, `1 个账号改属“${into}”`].join('\n'),
    );
    await expect.poll(() => confirm.innerText()).toContain('合并后不能撤销');
    await expectAccessible(page, 'the merge confirmation');

    await confirm.getByRole('button', { name: '确认合并' }).click();
    await onScreen(page, '账号');
    await see(page.locator('.flash').filter({ hasText: `已把“${from}”并入“${into}”` }));
    await expect.poll(() => page.getByRole('link', { name: from, exact: true }).count()).toBe(0);
    await see(page.getByRole('link', { name: into, exact: true }));
    await see(page.locator('.users-table tbody tr').filter({ hasText: `merged-${suffix}@` }).filter({ hasText: into }));
    await context.close();
  }, 90_000);
});
