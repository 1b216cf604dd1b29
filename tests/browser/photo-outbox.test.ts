/**
 * Evidence photos in the offline outbox (issue 14): a queued submission keeps its photos on
 * the phone (IndexedDB under its Idempotency-Key, web/public/lib/photo-outbox.ts) across a
 * reload and goes with both. Where IndexedDB refuses (some private modes), the page says the
 * photos go only while it stays open; the text is never lost, and a receipt sent without
 * them says so.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { d1, expectAccessible, feedbackCount, fillFeedback, gotoHydrated, launchBrowser, NOTICE, openPhone, outboxSize, see, uniqueContent } from './helpers';
import { keptPhotos, phonePhoto, PHOTO_LABEL, screenshot } from './photo-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** Fills the form with a text of its own and two photos, and sends it offline: it is queued. Its text. */
async function queueOffline(page: Page, context: BrowserContext, tag: string): Promise<string> {
  await gotoHydrated(page, `${NOTICE}/feedback`);
  const content = uniqueContent(tag);
  await fillFeedback(page, { content, kind: '反映问题' });
  await page.getByLabel(PHOTO_LABEL).setInputFiles([phonePhoto(), screenshot()]);
  await see(page.getByRole('img', { name: '对整份通报的第 2 张照片' }));
  await context.setOffline(true);
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await see(page.getByRole('heading', { level: 1, name: '已保存，联网后自动提交' }));
  return content;
}

describe('when my feedback with photos is queued and I reload the page before it can go', () => {
  it('then the reloaded page sends it with both photos, kept on the phone in between', { timeout: 60_000 }, async () => {
    const { page, context } = await openPhone(browser);
    const content = await queueOffline(page, context, 'photos queued across a reload');

    // Back online, but every send fails before it reaches the server; the page is reloaded.
    await page.route('**/api/feedback', (route) => route.abort('internetdisconnected'));
    await context.setOffline(false);
    await page.reload();
    await page.waitForLoadState('networkidle');
    await see(page.locator('.outbox').getByText('有 1 条反馈已保存，联网后自动提交。'));
    expect(Object.values(await keptPhotos(page))).toEqual([2]);

    await page.unroute('**/api/feedback');
    await context.setOffline(true);
    await context.setOffline(false);
    const sent = await see(page.getByRole('region', { name: '您保存的反馈已提交' }));
    await expect.poll(() => sent.locator('.sent').innerText()).toMatch(/照片\s*2 张/);
    expect(feedbackCount(content)).toBe(1);
    expect(d1(`select count(*) as n from feedback_attachments a join feedback f on f.id = a.feedback_id where f.content = '${content}' and a.storage_key is not null`)[0]!.n).toBe(2);
    await expect.poll(() => keptPhotos(page)).toEqual({});
    await context.close();
  });
});

/**
 * A phone whose browser cannot keep photos (IndexedDB refuses to open, as in some private modes)
 * that sent a feedback with two photos while offline: the page says it is saved.
 */
async function queuedWithoutIndexedDb(tag: string) {
  const { page, context } = await openPhone(browser);
  await context.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
  });
  return { page, context, content: await queueOffline(page, context, tag) };
}

describe('when my browser cannot keep photos on the phone (no IndexedDB) and I send offline', () => {
  it('then the page says the photos go only if it stays open, keeps the text, and sends both once back online', { timeout: 60_000 }, async () => {
    const { page, context, content } = await queuedWithoutIndexedDb('photos without IndexedDB');
    await see(page.getByText('这部手机的浏览器不能在本机保存照片：请保持本页打开，直到提交完成；如果关闭本页，反馈的文字仍会提交，但照片不会。'));
    expect(await outboxSize(page)).toBe(1);
    await expectAccessible(page, 'the queued page saying the photos are only in memory');

    await context.setOffline(false);
    const receipt = await see(page.getByRole('region', { name: '提交成功' }));
    await expect.poll(() => receipt.locator('.sent').innerText()).toMatch(/照片\s*2 张/);
    expect(feedbackCount(content)).toBe(1);
    await context.close();
  });
});

describe('when my browser cannot keep photos on the phone and I reload before they could go', () => {
  it('then the text is still sent, and the receipt says the photos did not arrive', { timeout: 60_000 }, async () => {
    const { page, context, content } = await queuedWithoutIndexedDb('photos lost with the page');

    await page.route('**/api/feedback', (route) => route.abort('internetdisconnected'));
    await context.setOffline(false);
    await page.reload();
    await page.waitForLoadState('networkidle');
    await page.unroute('**/api/feedback');
    await context.setOffline(true);
    await context.setOffline(false);
    const sent = await see(page.getByRole('region', { name: '您保存的反馈已提交' }));
    await expect.poll(() => sent.locator('.sent').innerText()).toContain('0 张（另有 2 张照片没有保存在本机，未能提交；如需补充，请凭编号和查询码联系办理单位）');
    expect(feedbackCount(content)).toBe(1);
    await context.close();
  });
});
