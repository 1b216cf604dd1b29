/**
 * Journey: a notice that has stopped taking feedback, on a 360 px phone. The
 * page stays readable and says since when feedback closed; no 我要监督 is
 * offered; the form's address explains instead of showing a form and leads
 * back; an item's status history reads under the item. Accessible at both
 * text sizes, and in 大字 mode every tap target is 60 px tall.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { d1, expectAccessible, gotoHydrated, launchBrowser, openPhone, PHONE, see } from './helpers';

const slug = `closed-${randomUUID().slice(0, 8)}`;
const TITLE = '浏览器测试：已停止接收反馈的通报';
const CLOSED = '这份通报已于 2026年1月5日 停止接收反馈，您仍可以阅读通报和查询已提交的反馈。';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  d1(`
    insert into notices (slug, title, issuer, published_on, ref_prefix, source_text, state, closed_on)
      values ('${slug}', '${TITLE}', '测试街道办事处', '2026-01-02', 'BT', '原文', 'closed', '2026-01-05');
    insert into notice_sections (notice_id, level, position, label, heading)
      select id, 'part', 0, '一、', '整改落实情况' from notices where slug = '${slug}';
    insert into items (notice_id, section_id, position, label, title, measures, status_text, status)
      select n.id, s.id, 0, '1.', '关于宣传栏内容陈旧的问题', '一是建立台账。二是每月更新。', '持续整改。', 'completed'
      from notices n join notice_sections s on s.notice_id = n.id where n.slug = '${slug}';
    insert into item_status_changes (item_id, changed_on, from_status, to_status, note)
      select i.id, '2026-01-04', 'in_progress', 'completed', '宣传栏已全部更新。' from items i join notices n on n.id = i.notice_id where n.slug = '${slug}';
  `);
});
afterAll(() => browser?.close());

/** Tap targets under `min` px tall (links and buttons also under `min` wide), described. */
function smallTargets(page: Page, min: number): Promise<string[]> {
  return page.evaluate((min) => {
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('a, button, summary')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.height < min || (el.matches('a, button') && box.width < min)) small.push(`${el.tagName} "${el.textContent!.trim().slice(0, 20)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    return small;
  }, min);
}

async function expectFitsThePhone(page: Page, where: string): Promise<void> {
  const { scrollWidth, viewport } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(viewport).toBe(PHONE.width);
  expect(scrollWidth, `sideways scrolling on ${where}`).toBeLessThanOrEqual(viewport);
  await expectAccessible(page, where);
}

describe('when I open a notice that has stopped taking feedback, on a 360 px phone', () => {
  it('then I can read it, see since when feedback closed and the item’s history, and find no 我要监督', async () => {
    const { page, context, cspViolations } = await openPhone(browser);
    await gotoHydrated(page, `/n/${slug}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    await expect.poll(() => page.locator('.closed').innerText()).toContain(CLOSED);
    await expect.poll(() => page.getByRole('link', { name: '我要监督' }).count()).toBe(0);
    await expect.poll(() => page.getByRole('link', { name: '对整份通报提意见' }).count()).toBe(0);

    const item = page.getByRole('article', { name: '关于宣传栏内容陈旧的问题' });
    await expect.poll(() => item.locator('.badge').textContent()).toBe('已完成');
    const history = item.getByRole('region', { name: '整改状态变化' });
    expect(await history.locator('li').allTextContents()).toEqual(['2026年1月4日 由“正在整改”改为“已完成”：宣传栏已全部更新。']);
    await expectFitsThePhone(page, 'the closed notice');

    await page.getByRole('link', { name: '查询已提交的反馈' }).click();
    await page.waitForURL((url) => url.pathname === '/track');
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('then the form’s address tells me feedback closed on that day instead of showing a form, and leads me back', async () => {
    const { page, context, cspViolations } = await openPhone(browser);
    await gotoHydrated(page, `/n/${slug}/feedback`);
    await expect.poll(() => page.title()).toBe('已停止接收反馈 - 整改监督');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('已停止接收反馈');
    await see(page.getByText(CLOSED));
    // No feedback form: the only one is 大字's.
    await expect.poll(() => page.locator('form:not([action="/large-text"])').count()).toBe(0);
    await expectFitsThePhone(page, 'the closed form');

    await page.getByRole('link', { name: '返回通报' }).click();
    await page.waitForURL((url) => url.pathname === `/n/${slug}`);
    await see(page.getByRole('heading', { level: 1, name: TITLE }));
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('then in 大字 mode both pages keep every tap target 60 px tall and stay accessible', async () => {
    const { page, context } = await openPhone(browser);
    await gotoHydrated(page, `/n/${slug}`);
    await page.getByRole('button', { name: '大字' }).click();
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))).toBeGreaterThanOrEqual(20);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    expect(await smallTargets(page, 60)).toEqual([]);
    await expectFitsThePhone(page, 'the closed notice in 大字 mode');

    await gotoHydrated(page, `/n/${slug}/feedback`);
    expect(await smallTargets(page, 60)).toEqual([]);
    await expectFitsThePhone(page, 'the closed form in 大字 mode');
    await context.close();
  });
});
