/**
 * Journey 1: from the notice to a receipt, leaving contact details, then on to
 * the tracking page through the receipt's link. And the ways about a receipt:
 * 复制 says so beside its button, 返回通报 comes back to the item itself, and this
 * phone's list of feedback tells its entries apart by their items.
 */
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptMessages } from '../../worker/receipt-messages';
import { baseUrl, d1, expectAccessible, fillFeedback, gotoHydrated, ITEM_TITLE, launchBrowser, NOTICE, openPhone, see, superviseItemTwo, uniqueContent } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('when I read the notice and supervise item 2 of category (三) of part 二', () => {
  it('then I send feedback with my contact details and see a receipt with a reference and a query code', async () => {
    const { page, context, cspViolations } = await openPhone(browser);
    await gotoHydrated(page, NOTICE);
    await expect.poll(() => page.title()).toBe('东晓街道党工委关于信访领域专项巡察整改情况的通报 - 整改监督');
    await expect.poll(() => page.locator('meta[name=description]').getAttribute('content')).toContain('共 12 项整改事项');
    await expectAccessible(page, 'the notice page');
    // Each 我要监督 names its item, so that a screen reader's list of links tells the twelve apart.
    const supervise = await page.locator('a.button', { hasText: '我要监督' }).allTextContents();
    expect(supervise).toHaveLength(12);
    expect(new Set(supervise).size).toBe(12);
    expect(supervise).toContain('我要监督：二（三）2');

    await superviseItemTwo(page);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('我要监督');
    const chosen = page.getByLabel('监督哪一项').locator('option:checked');
    await expect.poll(() => chosen.textContent()).toContain(ITEM_TITLE);
    await expectAccessible(page, 'the empty feedback form');

    const content = uniqueContent('supervise item 2 with contact details');
    await fillFeedback(page, { content, kind: '反映问题', contact: { name: '张三', phone: '13812345678', email: 'zhangsan@example.com' } });
    await expectAccessible(page, 'the filled-in feedback form, privacy note shown');
    await page.getByRole('button', { name: '提交' }).click();

    const ref = (await (await see(page.getByTestId('ref'))).textContent())!.trim();
    const code = (await page.getByTestId('query-code').textContent())!.trim();
    expect(ref).toMatch(/^[A-Z]{2,3}-\d{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('提交成功');
    await expect.poll(() => page.title()).toBe('提交成功 - 整改监督');
    await expectAccessible(page, 'the receipt');

    const stored = d1(
      `select f.ref, f.kind, f.name, f.phone, f.email, f.consent_at is not null as consented, i.title from feedback f join items i on i.id = f.item_id where f.content = '${content}'`,
    );
    expect(stored).toEqual([{ ref, kind: 'report', name: '张三', phone: '13812345678', email: 'zhangsan@example.com', consented: 1, title: ITEM_TITLE }]);

    await page.getByRole('link', { name: '查看办理进度' }).click();
    await page.waitForURL((url) => url.pathname === '/track' && url.hash.includes(`ref=${ref}`) && url.hash.includes('code='));
    await see(page.getByRole('heading', { level: 2, name: `${ref}：待受理` }));
    await expect.poll(() => page.locator('blockquote').textContent()).toBe(content);
    expect(await page.locator('.timeline li').allTextContents()).toEqual([expect.stringContaining('收到您的反馈')]);
    await expectAccessible(page, 'the track page opened from the receipt');

    expect(cspViolations).toEqual([]);
    await context.close();
  });
});

const box = (l: Locator) => l.evaluate((el) => {
  const { top, bottom, left, right } = el.getBoundingClientRect();
  return { top, bottom, left, right };
});

describe('when I have sent feedback on item 2 and use the receipt', () => {
  it('then 已复制 shows beside 复制, 返回通报 opens the notice at my item, and this phone’s list names the item with an unbroken date', async () => {
    const { page, context, cspViolations } = await openPhone(browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    await gotoHydrated(page, NOTICE);
    await superviseItemTwo(page);
    await fillFeedback(page, { content: uniqueContent('the ways about a receipt'), kind: '反映问题' });
    await page.getByRole('button', { name: '提交' }).click();
    const ref = (await (await see(page.getByTestId('ref'))).textContent())!.trim();

    // 复制: the confirmation beside the button pressed, on the screen, not under the buttons at its edge.
    const copy = page.getByRole('button', { name: '复制编号和查询码' });
    await copy.click();
    const copied = await see(page.getByText(receiptMessages.copied, { exact: true }));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(ref);
    const [button, said] = [await box(copy), await box(copied)];
    expect(said.top).toBeLessThan(button.bottom);
    expect(said.bottom).toBeGreaterThan(button.top);
    expect(said.left).toBeGreaterThanOrEqual(button.right);
    expect(said.bottom).toBeLessThanOrEqual(page.viewportSize()!.height);
    await expectAccessible(page, 'the receipt, copied');

    // 返回通报: the notice at my item, its category opened for it.
    await page.getByRole('link', { name: '返回通报' }).click();
    await page.waitForURL((url) => url.pathname === NOTICE && /^#item-\d+$/.test(url.hash));
    await page.waitForLoadState('networkidle');
    const item = page.getByRole('article', { name: ITEM_TITLE });
    await see(item);
    expect(await item.evaluate((el) => el.closest('details')!.open)).toBe(true);
    const heading = await box(item.getByRole('heading', { level: 3 }));
    expect(heading.top).toBeGreaterThanOrEqual(0);
    expect(heading.bottom).toBeLessThanOrEqual(page.viewportSize()!.height);

    // This phone's list: the item under each reference, and a date that is one word, even at 320 px in 大字.
    await gotoHydrated(page, '/track');
    await page.getByRole('button', { name: '大字' }).click();
    await page.setViewportSize({ width: 320, height: 740 });
    const mine = page.locator('section', { has: page.getByRole('heading', { name: '本机提交过的反馈' }) }).getByRole('listitem').filter({ hasText: ref });
    await expect.poll(() => mine.innerText()).toContain(`二（三）2 ${ITEM_TITLE}`);
    expect(await mine.locator('time').evaluate((el) => el.getClientRects().length)).toBe(1);
    await expectAccessible(page, 'this phone’s list of feedback');
    expect(cspViolations).toEqual([]);
    await context.close();
  });
});
