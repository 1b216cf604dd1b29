/**
 * Journey: an admin manages a published notice in the console. On the 通报
 * screen they open it, record that an item is now completed with a public
 * note, and stop taking feedback after reading what the public will see; the
 * public page then shows the change under the item and the closing date, with
 * no 我要监督. axe checks every screen on the way.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount, d1, expectAccessible, gotoHydrated, launchBrowser, openDesk, openPhone, see, signInToConsole } from './helpers';

const CONSOLE = '整改监督工作台';
const OWN_PASSWORD = '我自己记得住的一句话 2026';
const slug = `lifecycle-${randomUUID().slice(0, 8)}`;
const TITLE = '浏览器测试：在工作台管理的通报';
const ITEM = '关于宣传栏内容陈旧的问题';
const NOTE = '宣传栏已全部更新，并建立每月检查制度。';
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const longToday = () => {
  const [y, m, d] = today().split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

/** A state action's button: its label, then (for screen readers) which notice. */
const action = (label: string) => new RegExp(`^${label}\\s*：${TITLE}$`);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  d1(`
    insert into notices (slug, title, issuer, published_on, ref_prefix, source_text, state)
      values ('${slug}', '${TITLE}', '测试街道办事处', '2026-01-02', 'LC', '原文', 'published');
    insert into notice_sections (notice_id, level, position, label, heading)
      select id, 'part', 0, '一、', '整改落实情况' from notices where slug = '${slug}';
    insert into items (notice_id, section_id, position, label, title, measures, status_text, status)
      select n.id, s.id, 0, '1.', '${ITEM}', '一是建立台账。', '持续整改。', 'in_progress'
      from notices n join notice_sections s on s.notice_id = n.id where n.slug = '${slug}';
  `);
});
afterAll(() => browser?.close());

async function onScreen(page: Page, screen: string): Promise<void> {
  await page.waitForFunction((t) => document.title === t, `${screen} - ${CONSOLE}`, { timeout: 10_000 });
}

describe('when an admin closes a notice and records an item’s progress in the console', () => {
  it('then the public page shows the change under the item and that feedback has closed', async () => {
    const admin = createStaffAccount('admin', 'notices');
    const { page, context, cspViolations } = await openDesk(browser);
    await page.goto('/staff/');
    await signInToConsole(page, admin.email, admin.password);
    await onScreen(page, '首次登录：设置您的密码');
    await page.getByLabel('一次性密码').fill(admin.password);
    await page.getByLabel('新密码').fill(OWN_PASSWORD);
    await page.getByRole('button', { name: '设置密码并进入工作台' }).click();
    await onScreen(page, '收件箱');

    await page.getByRole('link', { name: '通报', exact: true }).click();
    await onScreen(page, '通报');
    const card = page.locator('.notice-cards > li').filter({ has: page.getByRole('link', { name: TITLE }) });
    await see(card);
    await expect.poll(() => card.locator('.tag').textContent()).toBe('已发布');
    await expect.poll(() => page.getByRole('link', { name: '新建通报' }).getAttribute('href')).toBe('#/notices/new');
    await expectAccessible(page, 'the notices screen');

    await card.getByRole('link', { name: TITLE }).click();
    await onScreen(page, TITLE);
    await expectAccessible(page, 'a notice in the console');

    const item = page.getByRole('article', { name: ITEM });
    await item.locator('summary').filter({ hasText: '变更状态' }).click();
    await item.getByLabel('改为').selectOption({ label: '已完成' });
    await item.getByLabel('变更说明').fill(NOTE);
    await expectAccessible(page, 'the change of an item’s status, filled in');
    await item.getByRole('button', { name: '记录状态变更' }).click();
    await see(page.locator('.flash').filter({ hasText: '的状态已改为“已完成”' }));
    await expect.poll(() => item.locator('.badge').textContent()).toBe('已完成');
    await expect.poll(() => item.getByRole('list', { name: '状态变化' }).innerText()).toContain(`${longToday()} 由“正在整改”改为“已完成”`);

    await page.getByRole('button', { name: action('停止接收反馈') }).click();
    const confirm = page.getByRole('form', { name: `停止接收反馈：${TITLE}` });
    await see(confirm);
    await expect.poll(() => confirm.innerText()).toContain(`反馈页面显示：“这份通报已于 ${longToday()} 停止接收反馈，您仍可以阅读通报和查询已提交的反馈”。`);
    await expect.poll(() => confirm.getByLabel('停止接收反馈的日期').inputValue()).toBe(today());
    await expectAccessible(page, 'the confirmation of stopping feedback');
    await confirm.getByRole('button', { name: '确认停止接收反馈' }).click();
    await see(page.locator('.facts .tag').filter({ hasText: '已停止接收反馈' }));
    await expect.poll(() => page.getByRole('button', { name: action('重新接收反馈') }).count()).toBe(1);
    expect(cspViolations).toEqual([]);
    await context.close();

    const phone = await openPhone(browser);
    await gotoHydrated(phone.page, `/n/${slug}`);
    await expect.poll(() => phone.page.locator('.closed').innerText()).toContain(`这份通报已于 ${longToday()} 停止接收反馈`);
    await expect.poll(() => phone.page.getByRole('link', { name: '我要监督' }).count()).toBe(0);
    const history = phone.page.getByRole('article', { name: ITEM }).getByRole('region', { name: '整改状态变化' });
    expect(await history.locator('li').allTextContents()).toEqual([`${longToday()} 由“正在整改”改为“已完成”：${NOTE}`]);
    await expectAccessible(phone.page, 'the public page of the notice closed in the console');
    await phone.context.close();
  });
});
