/**
 * An office puts its own notice online without a developer: an admin pastes a
 * notice that narrates its measures in 一是/二是 paragraphs, has the items
 * formed at that level, corrects two items, saves and publishes; a resident
 * reads it and sends feedback on a corrected item, which reaches the inbox
 * under that item. At laptop size, with axe on every screen.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount, expectAccessible, fillFeedback, launchBrowser, openPhone, see, signInToConsole, uniqueContent } from './helpers';

const LAPTOP = { width: 1366, height: 768 };
const CONSOLE = '整改监督工作台';

const NARRATIVE = `某区市场监督管理局党组关于巡察整改进展情况的通报
根据区委巡察工作统一部署，2026年3月至5月，区委第一巡察组对我局党组开展了常规巡察，并于6月反馈了巡察意见。现将整改进展情况予以通报。
一、整改工作的组织开展情况
局党组召开专题会议，成立整改工作领导小组，制定整改方案，明确责任领导、责任科室和完成时限。
二、巡察反馈问题的整改落实情况
（一）关于食品安全监管不到位的问题
一是开展校园周边食品安全专项检查，检查经营户126家，已完成整改。二是建立农贸市场快检公示制度，每周公布抽检结果，持续整改。
（二）关于行政许可办理不规范的问题
一是梳理许可事项清单，压缩办理时限，已完成整改。二是推行网上办理，持续整改。
另外，针对群众反映集中的营业执照办理排队问题，增设自助服务终端4台。
欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0755-88886666；电子邮箱：scjgj@example.gov.cn。
中共某区市场监督管理局党组
2026年11月20日`;

const NEW_ITEM = '另外，针对群众反映集中的营业执照办理排队问题，增设自助服务终端4台。';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function onScreen(page: Page, screen: string): Promise<void> {
  await page.waitForFunction((t) => document.title === t, `${screen} - ${CONSOLE}`, { timeout: 15_000 });
}

/** The review screen once the server has answered the last correction. */
async function itemsCounted(page: Page, n: number): Promise<void> {
  await see(page.getByRole('heading', { level: 2, name: `整改事项（${n}）` }));
  await page.waitForFunction(() => !document.querySelector('.review[aria-busy=true]'));
}

describe('when an admin puts a narrative notice online in the console', () => {
  it('then after forming and correcting its items it is published, and feedback on a corrected item reaches the inbox under it', async () => {
    const admin = createStaffAccount('admin', 'notice-import');
    const slug = `scjg-${Date.now() % 1_000_000}`;
    const prefix = `S${String.fromCharCode(65 + (Date.now() % 26))}`;
    const { page, context } = await openPhone(browser, LAPTOP);

    await page.goto('/staff/');
    await signInToConsole(page, admin.email, admin.password);
    await onScreen(page, '首次登录：设置您的密码');
    await page.getByLabel('一次性密码').fill(admin.password);
    await page.getByLabel('新密码').fill('我自己记得住的一句话 2026');
    await page.getByRole('button', { name: '设置密码并进入工作台' }).click();
    await onScreen(page, '收件箱');

    await page.getByRole('navigation', { name: '工作台' }).getByRole('link', { name: '通报' }).click();
    await onScreen(page, '通报');
    await page.getByRole('link', { name: '新建通报' }).click();
    await onScreen(page, '新建通报');
    await expectAccessible(page, 'the new notice screen');

    // Nothing pasted: the form says what to do.
    await page.getByRole('button', { name: '识别' }).click();
    await see(page.getByRole('alert').filter({ hasText: '请粘贴通报全文，或上传 .txt、.docx 文件' }));
    await onScreen(page, '错误：新建通报');

    await page.getByLabel('通报全文').fill(NARRATIVE);
    await page.getByRole('button', { name: '识别' }).click();
    await onScreen(page, '核对识别结果');
    // The notice has no 整改措施 labels: the parser finds no items, and says what that means.
    await itemsCounted(page, 0);
    await see(page.getByText('没有识别出整改事项：这份通报发布后将作为全文展示'));
    await expectAccessible(page, 'the review of a notice with no items');

    // Items formed from 一是/二是.
    await page.getByRole('radio', { name: /^一是、二是/ }).check();
    await itemsCounted(page, 4);
    const lastLine = page.locator('li.piece').filter({ hasText: NEW_ITEM });
    // The added measure landed in the item before it; it becomes an item of its own…
    await expect.poll(() => lastLine.locator('.piece-where').textContent()).toMatch(/事项正文 · 第 4 项$/);
    await lastLine.getByRole('button', { name: '设为新事项' }).click();
    await itemsCounted(page, 5);
    await expect.poll(() => lastLine.locator('.piece-where').textContent()).toMatch(/事项标题 · 第 5 项$/);
    // …and its status, which the text does not state, is set by hand.
    await page.getByLabel('第 5 项的整改状态').selectOption({ label: '已完成' });
    await page.waitForFunction(() => !document.querySelector('.review[aria-busy=true]'));
    await see(page.locator('.review-items li').nth(4).filter({ hasText: NEW_ITEM }));
    await expect.poll(() => page.getByLabel('第 5 项的整改状态').inputValue()).toBe('completed');
    // An item's link takes the keyboard to the line that starts it, without leaving the screen.
    await page.locator('.review-items li').nth(4).getByRole('link').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(await lastLine.getByRole('combobox').getAttribute('id'));
    await onScreen(page, '核对识别结果');
    // Lines outside every item are highlighted: the title, the introduction, the headings and the closing.
    await expect.poll(() => page.locator('li.piece.outside').count()).toBe(10);
    await expectAccessible(page, 'the review after corrections');

    // The title is offered from the first line; a prefix that is not letters is refused at its field.
    await expect.poll(() => page.getByLabel('标题', { exact: true }).inputValue()).toBe('某区市场监督管理局党组关于巡察整改进展情况的通报');
    await page.getByLabel('发布机关').fill('中共某区市场监督管理局党组');
    await page.getByLabel('网址').fill(slug);
    await page.getByLabel('反馈编号前缀').fill('S1');
    await page.getByRole('button', { name: '保存为草稿' }).click();
    await see(page.getByRole('alert').filter({ hasText: '编号前缀须为 2 至 3 个大写英文字母，如 DX' }));
    await page.getByLabel('反馈编号前缀').fill(prefix);
    await page.getByRole('button', { name: '保存为草稿' }).click();
    await onScreen(page, '已保存为草稿');
    await see(page.getByText('共 5 项整改事项'));
    await expectAccessible(page, 'the saved draft');

    // A draft is not public.
    expect((await page.request.get(`/n/${slug}`)).status()).toBe(404);
    await page.getByRole('button', { name: '发布' }).click();
    await onScreen(page, '通报已发布');

    // A resident reads it on a phone and sends feedback on the item made by hand.
    const phone = await openPhone(browser);
    await phone.page.goto(`/n/${slug}`);
    await phone.page.locator('summary').filter({ hasText: '关于行政许可办理不规范的问题' }).click();
    const item = phone.page.getByRole('article').filter({ hasText: NEW_ITEM });
    await see(item);
    await item.getByRole('link', { name: '我要监督' }).click();
    await phone.page.waitForURL(/\/feedback\?item=\d+$/);
    await phone.page.waitForLoadState('networkidle');
    const content = uniqueContent('on an item made in the review');
    await fillFeedback(phone.page, { content });
    await phone.page.getByRole('button', { name: '提交' }).click();
    const ref = (await (await see(phone.page.getByTestId('ref'))).textContent())!.trim();
    expect(ref.startsWith(`${prefix}-`)).toBe(true);
    await phone.context.close();

    // In the console it is under that item.
    await page.goto('/staff/#/inbox');
    await onScreen(page, '收件箱');
    await page.getByLabel('搜索').fill(ref);
    await page.getByRole('button', { name: '筛选' }).click();
    await page.getByRole('link', { name: ref }).click();
    await onScreen(page, `反馈 ${ref}`);
    await see(page.getByText(NEW_ITEM.slice(0, 20)));
    await context.close();
  });
});
