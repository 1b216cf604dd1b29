/**
 * Staff journeys in the console (/staff/): an admin made with the CLI signs in,
 * sets their own password, finds a member of the public's feedback in the inbox,
 * accepts it, gives it to a department and replies; the submitter's tracking page
 * then shows the reply. axe checks every console screen on the way. At a phone's
 * width the inbox and the feedback need no sideways scrolling.
 */
import type { Browser, Page, Request as PageRequest } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelLabels } from '../../worker/feedback/labels';
import { staffErrors, staffFieldMessages } from '../../worker/staff/messages';
import { trackLink } from '../../web/public/lib/track-link';
import { consoleMessages } from '../../web/staff/lib/messages';
import {
  createStaffAccount, createStaffAccountWithCli, expectAccessible, firstSignIn, launchBrowser, onScreen, openDesk, openPhone, see, signInToConsole, submitThroughApi, uniqueContent, type Phone,
} from './helpers';

const OWN_PASSWORD = '我自己记得住的一句话 2026';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** Chooses a status action on the feedback screen, fills what it reveals, and confirms. */
async function changeStatus(page: Page, to: string, fill?: (page: Page) => Promise<void>, confirm = '确认更改'): Promise<void> {
  await page.getByRole('radio', { name: to, exact: true }).check();
  await fill?.(page);
  await page.getByRole('button', { name: confirm }).click();
}

/** Waits until the inbox shows just the feedback `ref`. */
async function inboxShowsOnly(page: Page, ref: string): Promise<void> {
  await see(page.locator('.list-head').filter({ hasText: `搜索“${ref}”。共 1 条` }));
}

/** Counts the page's requests to the API that have not had their whole answer yet. */
function apiRequestsInFlight(page: Page): () => number {
  const pending = new Set<PageRequest>();
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) pending.add(r);
  });
  const answered = (r: PageRequest) => void pending.delete(r);
  page.on('requestfinished', answered);
  page.on('requestfailed', answered);
  return () => pending.size;
}

const statusInHeading = (page: Page) => page.getByRole('heading', { level: 1 }).locator('.tag');
const flash = (page: Page) => page.locator('.flash');

describe('when an admin made with the CLI handles a feedback in the console', () => {
  it('then they set their own password, accept it, give it to a department and reply, and the submitter sees the reply', async () => {
    const admin = createStaffAccountWithCli('admin', 'journey');
    const content = uniqueContent('handled in the staff console');
    const { ref, queryCode } = await submitThroughApi(content);
    const { page, context, cspViolations } = await openDesk(browser);

    // /staff without its slash leads to the console.
    await page.goto('/staff');
    expect(new URL(page.url()).pathname).toBe('/staff/');
    await onScreen(page, '登录');
    await expectAccessible(page, 'the sign-in screen');

    await signInToConsole(page, admin.email, 'not the password at all');
    expect(await (await see(page.getByRole('alert'))).textContent()).toContain(staffErrors.loginFailed);
    await onScreen(page, '错误：登录');
    await expectAccessible(page, 'the sign-in screen with an error');

    await signInToConsole(page, admin.email, admin.password);
    await onScreen(page, '首次登录：设置您的密码');
    await expectAccessible(page, 'the forced password change');
    await page.getByLabel('一次性密码').fill(admin.password);
    await page.getByLabel('新密码').fill(OWN_PASSWORD);
    await page.getByRole('button', { name: '设置密码并进入工作台' }).click();
    await onScreen(page, '收件箱');
    await expectAccessible(page, 'the inbox');

    // When I search for the reference, then the inbox shows that one feedback, waiting for acceptance.
    await page.getByLabel('搜索').fill(ref);
    await page.getByRole('button', { name: '筛选' }).click();
    // The console opens on 待受理; the search keeps that view.
    await page.waitForURL((url) => url.hash === `#/inbox?status=new&q=${ref}`);
    await inboxShowsOnly(page, ref);
    const row = page.locator('.inbox-table tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.innerText()).toMatch(new RegExp(`${ref}\\s+\\d{2}-\\d{2}\\s+网上\\s+整份通报[\\s\\S]*待受理\\s+告知受理 还剩 1[45] 天\\s+未指定`));
    await expectAccessible(page, 'the inbox filtered by reference');

    await row.getByRole('link', { name: ref }).click();
    await onScreen(page, `反馈 ${ref}`);
    await expect.poll(() => statusInHeading(page).textContent()).toBe('待受理');
    await expect.poll(() => page.locator('blockquote.content').textContent()).toBe(content);
    await expectAccessible(page, 'the feedback screen');

    // Declining without a reason is refused GOV.UK style: summary focused, link to the field, 错误： in the title.
    await changeStatus(page, '不予受理');
    const summary = await see(page.getByRole('alert').filter({ hasText: '请修改以下问题' }));
    expect(await summary.getByRole('link').allTextContents()).toEqual([staffFieldMessages.reason.declined]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await onScreen(page, `错误：反馈 ${ref}`);
    await expectAccessible(page, 'the feedback screen with an error');
    await summary.getByRole('link').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('transition-reason');

    await changeStatus(page, '已受理');
    await see(flash(page).filter({ hasText: '已改为“已受理”' }));
    await expect.poll(() => statusInHeading(page).textContent()).toBe('已受理');
    await onScreen(page, `反馈 ${ref}`);

    // A department, added by the admin on the accounts screen.
    const department = `浏览器测试科${Date.now() % 100_000}`;
    await page.getByRole('navigation', { name: '工作台' }).getByRole('link', { name: '账号' }).click();
    await onScreen(page, '账号');
    await expectAccessible(page, 'the accounts screen');
    await page.getByLabel('新增部门').fill(department);
    await page.getByRole('button', { name: '新增部门' }).click();
    await see(page.getByRole('listitem').filter({ hasText: new RegExp(`^${department}$`) }));
    await page.goBack();
    await onScreen(page, `反馈 ${ref}`);

    await changeStatus(page, '办理中', (p) => p.getByRole('combobox', { name: '承办部门', exact: true }).selectOption({ label: department }).then(() => undefined));
    await see(flash(page).filter({ hasText: '已改为“办理中”' }));
    await expect.poll(() => statusInHeading(page).textContent()).toBe('办理中');

    const reply = `宣传栏已于本周更新完毕，感谢监督。${ref}`;
    // A reply is checked first: 预览答复 shows what the submitter will see, and only 确认发送 sends it.
    await changeStatus(page, '已答复', (p) => p.getByLabel('答复内容').fill(reply), '预览答复');
    await page.getByRole('button', { name: '确认发送' }).click();
    await see(flash(page).filter({ hasText: '已答复，反映人现在可以在查询页面看到答复' }));
    await expect.poll(() => statusInHeading(page).textContent()).toBe('已答复');
    await expect.poll(() => page.locator('blockquote.reply').textContent()).toBe(reply);
    const feedbackId = /#\/feedback\/(\d+)/.exec(page.url())![1]!;
    const timeline = await page.locator('.timeline li').allInnerTexts();
    expect(timeline.map((t) => t.split('\n')[0]!.replace(/^\S+ \S+ /, ''))).toEqual([
      '收到反馈 反映人 反映人可见',
      expect.stringMatching(/^改为“已受理” 测试journey 反映人可见$/),
      expect.stringMatching(/^改为“办理中” 测试journey 反映人可见$/),
      expect.stringMatching(/^改为“已答复” 测试journey 反映人可见$/),
    ]);
    expect(timeline[2]).toContain(`承办部门：${department}`);
    await expectAccessible(page, 'the replied feedback');

    // Then the submitter's tracking page shows the reply, status 已答复, and each step by name.
    const track = await context.newPage();
    await track.goto(trackLink(ref, queryCode));
    await see(track.getByRole('heading', { level: 2, name: `${ref}：已答复` }));
    await expect.poll(() => track.locator('section.reply p').textContent()).toBe(reply);
    const steps = await track.locator('.timeline li > div').allInnerTexts();
    expect(steps.map((s) => s.replace(/^\d{4}年\d{1,2}月\d{1,2}日 /, '').replace(/\n+/g, '\n'))).toEqual([
      '收到您的反馈',
      '已受理',
      `办理中\n承办部门：${department}`,
      '已答复\n答复内容见上方“答复”',
    ]);
    await expectAccessible(track, 'the track page with the reply');
    await track.close();

    // Every other screen of the console passes axe too.
    const nav = page.getByRole('navigation', { name: '工作台' });
    for (const [link, screen, ready] of [
      ['整改事项', '整改事项', '.item-card'],
      ['录入反馈', '录入反馈', 'form'],
      ['审计日志', '审计日志', '.load-more'],
      ['统计', '统计', 'h1'],
    ] as const) {
      await nav.getByRole('link', { name: link }).click();
      await onScreen(page, screen);
      await see(page.locator(ready).first());
      await expectAccessible(page, `the ${screen} screen`);
    }
    // The audit log names the feedback by its reference and says what changed in words, not JSON.
    await page.goto(`/staff/#/audit?targetType=feedback&targetId=${feedbackId}`);
    await onScreen(page, '审计日志');
    const rows = page.locator('.audit-table tbody tr');
    const replied = rows.filter({ hasText: '状态：已答复' });
    await see(replied);
    await expect.poll(() => replied.innerText()).toContain(`反馈 ${ref}`);
    await expect.poll(() => replied.innerText()).toContain(`答复内容：${reply}`);
    await expect.poll(() => rows.filter({ hasText: `承办部门：${department}` }).innerText()).toMatch(/状态：已受理\s+承办部门：未指定\s+状态：办理中/);
    await expect.poll(() => rows.locator('code.json').count()).toBe(0);

    await page.getByRole('link', { name: '修改密码' }).click();
    await onScreen(page, '修改密码');
    await expectAccessible(page, 'the password screen');

    await page.getByRole('button', { name: '退出登录' }).click();
    await onScreen(page, '登录');
    await expect.poll(() => page.getByRole('status').filter({ hasText: consoleMessages.signedOut }).count()).toBe(1);
    expect(cspViolations).toEqual([]);
    await context.close();
  }, 120_000);
});

describe('when a handler enters feedback that came by phone', () => {
  it('then the console shows the reference and query code to read out, and the inbox lists it as 电话', async () => {
    const { page, context } = await openDesk(browser);
    await page.goto('/staff/#/new');
    await firstSignIn(page, createStaffAccount('handler', 'entry'), OWN_PASSWORD, '录入反馈');

    await page.getByRole('button', { name: '录入' }).click();
    await see(page.getByRole('alert').filter({ hasText: '请修改以下问题' }));
    await onScreen(page, '错误：录入反馈');
    await expectAccessible(page, 'manual entry with errors');

    const content = uniqueContent('entered from a phone call');
    await page.getByRole('radio', { name: '电话' }).check();
    await page.getByRole('radio', { name: '反映问题' }).check();
    await page.getByLabel('反馈内容').fill(content);
    await page.getByRole('textbox', { name: '姓名' }).fill('李四');
    await page.getByRole('textbox', { name: '电话' }).fill('13912345678');
    await page.getByRole('checkbox', { name: /征得其同意保存联系方式/ }).check();
    await page.getByRole('button', { name: '录入' }).click();

    await onScreen(page, '录入成功');
    const ref = (await (await see(page.getByTestId('ref'))).textContent())!.trim();
    expect(ref).toMatch(/^[A-Z]{2,3}-\d{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    await expect.poll(() => page.getByTestId('query-code').textContent()).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    await expectAccessible(page, 'the manual entry receipt');

    await page.goto(`/staff/#/inbox?q=${ref}`);
    await inboxShowsOnly(page, ref);
    const row = page.locator('.inbox-table tbody tr');
    await expect.poll(() => row.innerText()).toContain(channelLabels.phone);
    await context.close();
  }, 60_000);
});

describe('when I leave the console alone for 30 minutes', () => {
  it('then it signs me out and tells me why on the sign-in screen', async () => {
    const { page, context } = await openDesk(browser);
    await page.clock.install();
    const inFlight = apiRequestsInFlight(page);
    await page.goto('/staff/');
    await firstSignIn(page, createStaffAccount('viewer', 'idle'), OWN_PASSWORD);
    // Every answer restarts the idle clock, so the 30 minutes start once the inbox has had all of
    // its answers (the list, the departments for its filters…), after which nothing more happens.
    await see(page.locator('.load-more'));
    await expect.poll(inFlight, { timeout: 10_000 }).toBe(0);
    await page.clock.fastForward('30:00');
    await onScreen(page, '登录');
    await see(page.getByRole('status').filter({ hasText: consoleMessages.idleSignedOut(30) }));
    await context.close();
  }, 60_000);
});

/** No sideways scrolling: the page is no wider than the screen. */
async function expectNoSidewaysScroll(phone: Phone, where: string): Promise<void> {
  const [scroll, width] = await phone.page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll, `page width on ${where}`).toBeLessThanOrEqual(width);
}

describe('when I use the console on a phone 360 px wide', () => {
  it('then the inbox and a feedback fit the screen, as cards', async () => {
    const long = `${uniqueContent('read on a phone')} https://example.com/${'很长的链接'.repeat(4)}${'x'.repeat(80)}`;
    const { ref } = await submitThroughApi(long);
    const phone = await openPhone(browser);
    const { page, context } = phone;
    await page.goto('/staff/');
    await firstSignIn(page, createStaffAccount('handler', 'phone'), OWN_PASSWORD);

    await see(page.locator('.inbox-cards li').first());
    await expect.poll(() => page.locator('.inbox-table').isVisible()).toBe(false);
    await expectNoSidewaysScroll(phone, 'the inbox');
    await expectAccessible(page, 'the inbox on a phone');

    await page.goto(`/staff/#/inbox?q=${ref}`);
    await inboxShowsOnly(page, ref);
    const card = page.locator('.inbox-cards li');
    await card.getByRole('link', { name: ref }).click();
    await onScreen(page, `反馈 ${ref}`);
    await see(page.locator('.timeline li'));
    await expectNoSidewaysScroll(phone, 'the feedback');
    await expectAccessible(page, 'the feedback on a phone');
    await context.close();
  }, 60_000);
});
