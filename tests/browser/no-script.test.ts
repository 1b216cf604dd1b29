/**
 * Journey: with scripts blocked (or a chunk lost on a weak network), the feedback form
 * still works. It posts to the server, which answers with the receipt, or with the form
 * again, its error summary and everything typed; nothing typed ever goes into an address.
 */
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeView } from '../../worker/db/notices';
import { fieldMessages, pageMessages } from '../../worker/messages';
import { baseUrl, d1, expectAccessibleWithoutScripts, ITEM_TITLE, launchBrowser, NOTICE, openPhoneWithoutScripts, see, SLUG, uniqueContent } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('when my browser runs no scripts', () => {
  it('then an empty form comes back with its errors, my words kept, and once filled in I get a receipt to track it with', async () => {
    const { page, context } = await openPhoneWithoutScripts(browser);
    const addresses: string[] = [];
    page.on('request', (r: Request) => addresses.push(r.url()));
    const notice = (await (await fetch(`${baseUrl}/api/notices/${SLUG}`)).json()) as NoticeView;
    const itemId = notice.parts.flatMap((p) => p.categories.flatMap((c) => c.items)).find((i) => i.title === ITEM_TITLE)!.id;

    await page.goto(`${NOTICE}/feedback?item=${itemId}`);
    await expect.poll(() => page.locator('#item-chosen').textContent()).toBe('监督事项：二（三）2 针对办理初信初访、国家满意度案件的重视程度有待提升的问题');
    await expect.poll(() => page.getByRole('radio', { checked: true }).count()).toBe(0);

    // No kind chosen and too short a text: the server says so, and keeps what I typed.
    const typed = '仍未<b>公示';
    await page.getByLabel('反馈内容').fill(typed.slice(0, 3));
    await page.getByRole('button', { name: '提交', exact: true }).click();
    const summary = await see(page.locator('.error-summary'));
    expect(await summary.getByRole('link').allTextContents()).toEqual([fieldMessages.kind.required, fieldMessages.content.tooShort]);
    await expect.poll(() => page.title()).toBe('错误：我要监督 - 整改监督');
    await expect.poll(() => page.getByLabel('反馈内容').inputValue()).toBe(typed.slice(0, 3));
    await expect.poll(() => page.getByLabel('监督哪一项').inputValue()).toBe(String(itemId));
    await expectAccessibleWithoutScripts(browser, page, 'the form sent without scripts, with errors');

    const content = `${typed} ${uniqueContent('sent without scripts')}`;
    await page.getByRole('radio', { name: '反映问题' }).check();
    await page.getByLabel('反馈内容').fill(content);
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await see(page.getByRole('heading', { level: 1, name: '提交成功' }));
    const ref = (await page.getByTestId('ref').textContent())!.trim();
    const code = (await page.getByTestId('query-code').textContent())!.trim();
    await expect.poll(() => page.locator('.sent').innerText()).toContain(content);
    await expect.poll(() => page.locator('.sent').innerText()).toContain('二（三）2 针对办理初信初访');
    await expect.poll(() => page.getByRole('link', { name: '返回通报' }).getAttribute('href')).toBe(`${NOTICE}#item-${itemId}`);
    // Nothing the copy button would need a script for is offered.
    await expect.poll(() => page.getByRole('button', { name: '复制编号和查询码' }).count()).toBe(0);
    // (The receipt's markup is the one axe checks after a send with scripts, less the copy button.)

    // A refresh sends the same copy of the form again: the same receipt, nothing stored twice.
    await page.reload();
    await see(page.getByRole('heading', { level: 1, name: '提交成功' }));
    expect((await page.getByTestId('ref').textContent())!.trim()).toBe(ref);
    await expect.poll(() => page.locator('.receipt').innerText()).toMatch(/自受理之日起 60 日内答复您。答复日期从受理那天算起：如收到当天受理，则在 \d{4}年\d{1,2}月\d{1,2}日 前答复。/);
    // A receipt has no address to come back to: 大字, which could do nothing here, is not offered; a line says why.
    await expect.poll(() => page.getByRole('button', { name: '大字' }).isVisible()).toBe(false);
    // (A noscript's text is not found by text: Playwright skips noscript elements when matching it.)
    await expect.poll(() => see(page.locator('main > noscript')).then((note) => note.innerText())).toBe(pageMessages.largeNeedsScript);
    await expectAccessibleWithoutScripts(browser, page, 'the receipt without scripts');

    // 查看办理进度 takes the reference and code to the tracking page in a POST, never in an address.
    await page.getByRole('button', { name: '查看办理进度' }).click();
    await see(page.getByRole('heading', { level: 2, name: `${ref}：待受理` }));
    expect(page.url()).toBe(`${baseUrl}/track`);
    await expect.poll(() => page.locator('blockquote').textContent()).toBe(content);
    await page.goBack();
    await see(page.getByRole('heading', { level: 1, name: '提交成功' }));
    // Stored once, marked for staff to check: no proof of work came with it.
    expect(d1(`select ref, kind, item_id, needs_check from feedback where content = '${content}'`)).toEqual([{ ref, kind: 'report', item_id: itemId, needs_check: 1 }]);

    // The tracking page takes the reference and code without scripts too.
    await page.goto('/track');
    await page.getByLabel('反馈编号').fill(ref);
    await page.getByLabel('查询码').fill(code);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await see(page.getByRole('heading', { level: 2, name: `${ref}：待受理` }));

    for (const address of addresses) expect(new URL(address).search, address).toMatch(/^(\?item=\d+)?$/);
    expect(addresses.some((a) => a.includes(encodeURIComponent(content.slice(0, 2))) || a.includes(code))).toBe(false);
    await context.close();
  });
});
