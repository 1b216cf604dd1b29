/**
 * The public journey on the Node host (`npm run start:node`'s server, started by the global
 * setup on a SQLite file of its own): I read the notice, send feedback on an item with my
 * contact details, and track it, by the receipt's link and by typing the reference and the
 * query code. The submission is in the SQLite file, and not in the Worker's D1.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../server/db';
import { expectAccessible, feedbackCount, fillFeedback, gotoHydrated, ITEM_TITLE, launchBrowser, NOTICE, openPhone, see, superviseItemTwo, uniqueContent } from './helpers';

const nodeBaseUrl = inject('nodeBaseUrl');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** The rows of one query on the Node host's SQLite file, opened beside the running server (WAL lets both read). */
async function sqlite(sql: string, args: Array<string | number> = []): Promise<Array<Record<string, unknown>>> {
  const database = await openDatabase(inject('nodeDatabaseFile'));
  try {
    return (await database.client.execute({ sql, args })).rows.map((row) => ({ ...row }));
  } finally {
    database.close();
  }
}

async function lookUp(page: Page, ref: string, code: string): Promise<void> {
  await page.getByLabel('反馈编号').fill(ref);
  await page.getByLabel('查询码').fill(code);
  await page.getByRole('button', { name: '查询', exact: true }).click();
}

describe('when I read the notice on the Node host, send feedback on item 2 and track it', () => {
  it('then I get a receipt, the SQLite file holds my feedback, and the track page shows it 待受理', async () => {
    const { page, context, cspViolations } = await openPhone(browser);
    await gotoHydrated(page, `${nodeBaseUrl}${NOTICE}`);
    await expect.poll(() => page.title()).toBe('东晓街道党工委关于信访领域专项巡察整改情况的通报 - 整改监督');
    await expect.poll(() => page.locator('meta[name=description]').getAttribute('content')).toContain('共 12 项整改事项');
    await expectAccessible(page, 'the notice page on the Node host');

    await superviseItemTwo(page);
    expect(new URL(page.url()).origin).toBe(nodeBaseUrl);
    await expect.poll(() => page.getByLabel('监督哪一项').locator('option:checked').textContent()).toContain(ITEM_TITLE);
    const content = uniqueContent('sent to the Node host');
    await fillFeedback(page, { content, kind: '反映问题', contact: { name: '李四', phone: '13912345678', email: 'lisi@example.com' } });
    await page.getByRole('button', { name: '提交', exact: true }).click();

    const ref = (await (await see(page.getByTestId('ref'))).textContent())!.trim();
    const code = (await page.getByTestId('query-code').textContent())!.trim();
    expect(ref).toMatch(/^[A-Z]{2,3}-\d{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    await expect.poll(() => page.title()).toBe('提交成功 - 整改监督');

    expect(
      await sqlite(
        `select f.ref, f.kind, f.status, f.name, f.phone, f.email, f.consent_at is not null as consented, i.title
           from feedback f join items i on i.id = f.item_id where f.content = ?`,
        [content],
      ),
    ).toEqual([{ ref, kind: 'report', status: 'new', name: '李四', phone: '13912345678', email: 'lisi@example.com', consented: 1, title: ITEM_TITLE }]);
    expect(feedbackCount(content)).toBe(0);

    // The receipt's link carries the code in the fragment.
    await page.getByRole('link', { name: '查看办理进度' }).click();
    await page.waitForURL((url) => url.origin === nodeBaseUrl && url.pathname === '/track');
    await see(page.getByRole('heading', { level: 2, name: `${ref}：待受理` }));
    await expect.poll(() => page.locator('blockquote').textContent()).toBe(content);
    expect(await page.locator('.timeline li').allTextContents()).toEqual([expect.stringContaining('收到您的反馈')]);

    // Typed in, on a page of its own.
    const typed = await context.newPage();
    await gotoHydrated(typed, `${nodeBaseUrl}/track`);
    await lookUp(typed, ref, code);
    await see(typed.getByRole('heading', { level: 2, name: `${ref}：待受理` }));
    await expect.poll(() => typed.locator('blockquote').textContent()).toBe(content);
    await expectAccessible(typed, 'the track page on the Node host');

    expect(cspViolations).toEqual([]);
    await context.close();
  });
});
