/**
 * Clearing a flood in the console: a handler opens one of many feedback one
 * client sent within minutes, sees its 来源标识 (the short fingerprint, never the
 * address), follows "同一来源一小时内的反馈" to the inbox of that source's hour,
 * and marks all of it as spam with one button, after a confirmation that states
 * the count. What was already accepted stays; feedback that staff entered shows
 * no source. axe checks each screen on the way.
 *
 * The flood is written straight into the served D1 with a fingerprint of its own
 * (the submission limits, rightly, would not let one client send it), so that no
 * other journey's feedback shares its source.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount, d1, expectAccessible, firstSignIn, launchBrowser, onScreen, openDesk, see, SLUG, uniqueContent } from './helpers';

const OWN_PASSWORD = '清理刷屏反馈用的一句话 2026';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** Stores feedback in the served D1 as a submission from `clientHash` (null: entered by staff) would be; returns their ids and references, in order. */
function storeFeedback(rows: Array<{ content: string; clientHash: string | null; receivedAt: number; status?: string }>): Array<{ id: number; ref: string }> {
  const values = rows.map((r) => {
    const ref = `FL-${randomUUID().slice(0, 13).toUpperCase()}`;
    const hash = r.clientHash === null ? 'null' : `'${r.clientHash}'`;
    const channel = r.clientHash === null ? 'phone' : 'web';
    return `('${ref}', 'not a code', (select id from notices where slug = '${SLUG}'), null, 'opinion', '${r.content}', 1, '${channel}', ${r.receivedAt}, '${r.status ?? 'new'}', '2099-01-01', '2099-02-01', ${r.receivedAt}, ${hash})`;
  });
  d1(`insert into feedback (ref, query_code_hash, notice_id, item_id, kind, content, anonymous, channel, received_at, status, acknowledge_by, reply_by, updated_at, client_hash) values ${values.join(', ')}`);
  const contents = rows.map((r) => `'${r.content}'`).join(', ');
  return d1(`select id, ref from feedback where content in (${contents}) order by id`).map((r) => ({ id: Number(r.id), ref: String(r.ref) }));
}

describe('when a handler clears a flood from one source', () => {
  it('then one button, confirmed with the count, marks everything new it sent in that hour as spam, and leaves the rest', async () => {
    const client = randomBytes(32).toString('hex');
    const source = client.slice(0, 8);
    const now = Date.now();
    const stored = storeFeedback([
      ...Array.from({ length: 4 }, (_, i) => ({ content: uniqueContent(`flood ${i}`), clientHash: client, receivedAt: now - (10 - i) * 60_000 })),
      { content: uniqueContent('flood accepted'), clientHash: client, receivedAt: now - 5 * 60_000, status: 'accepted' },
      { content: uniqueContent('entered by staff'), clientHash: null, receivedAt: now - 5 * 60_000 },
    ]);
    const flood = stored.slice(0, 4).map((f) => f.id);
    const accepted = stored[4]!.id;
    const entered = stored[5]!;

    const handler = createStaffAccount('handler', 'flood');
    const { page, context, cspViolations } = await openDesk(browser);
    await page.goto('/staff/');
    await firstSignIn(page, handler, OWN_PASSWORD);

    // When I open one of the flood, then I see its source and how many it sent in that hour.
    await page.goto(`/staff/#/feedback/${flood[1]}`);
    const facts = page.locator('dl.facts').first();
    await see(facts.locator('code.source'));
    await expect.poll(() => facts.locator('code.source').textContent()).toBe(source);
    const link = await see(page.getByRole('link', { name: '同一来源一小时内的反馈（5）' }));
    expect(await page.content()).not.toContain(client.slice(0, 9));
    await expectAccessible(page, 'a feedback with its source');

    // Then the inbox lists that source's hour, and offers one button for what may go to spam.
    await link.click();
    await onScreen(page, '收件箱');
    expect(new URL(page.url()).hash).toMatch(new RegExp(`^#/inbox\\?source=${source}&around=\\d+$`));
    await see(page.locator('.list-head').filter({ hasText: `来源标识 ${source}` }).filter({ hasText: '共 5 条' }));
    const panel = page.getByRole('region', { name: `来源 ${source} 一小时内的反馈` });
    await see(panel.getByText('这个来源共提交了 5 条反馈，其中 4 条待受理，可以标为垃圾信息'));
    await expectAccessible(page, "the inbox of one source's hour");

    await panel.getByRole('button', { name: '全部标为垃圾信息' }).click();
    await see(panel.getByRole('heading', { name: '确认把这 4 条反馈全部标为垃圾信息？' }));
    // Focus moves in an effect after the confirmation renders (a frame later): wait for it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('确认把这 4 条反馈全部标为垃圾信息？');
    await see(panel.getByText('其余 1 条已受理、已办理或已是垃圾信息的反馈保持不变。'));
    await expectAccessible(page, 'the confirmation');
    await panel.getByRole('button', { name: '确认标为垃圾信息（4 条）' }).click();

    await see(page.locator('.flash').filter({ hasText: '已将 4 条反馈标为垃圾信息，另有 1 条保持不变' }));
    // The confirmation has gone with its button: the focus is on the result, not on the page's body.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('已将 4 条反馈标为垃圾信息，另有 1 条保持不变');
    await see(panel.getByText('这个来源共提交了 5 条反馈，没有待受理的反馈。'));
    await expect.poll(() => panel.getByRole('button', { name: '全部标为垃圾信息' }).count()).toBe(0);
    const statuses = page.locator('.inbox-table tbody .tag');
    await page.waitForFunction(() => [...document.querySelectorAll('.inbox-table tbody .tag')].filter((t) => t.textContent === '无效').length === 4);
    expect((await statuses.allTextContents()).sort()).toEqual(['已受理', '无效', '无效', '无效', '无效']);
    await expectAccessible(page, 'the inbox after clearing');

    // In D1: the statuses, one audit entry naming the source and listing the ids, a timeline event on each.
    const [after] = d1(`select
      (select group_concat(status, ' ') from (select status from feedback where id in (${[...flood, accepted].join(',')}) order by id)) as statuses,
      (select json_group_array(json_array(action, json_extract(after, '$.ids'))) from audit_log where target_type = 'source' and target_id = '${source}') as audit,
      (select count(*) from feedback_events where type = 'spam' and feedback_id in (${flood.join(',')})) as events`);
    expect(after!.statuses).toBe('spam spam spam spam accepted');
    expect(JSON.parse(String(after!.audit))).toEqual([['feedback.source_spam', flood]]);
    expect(after!.events).toBe(4);

    // A feedback entered by staff has no source, and shows none.
    await page.goto(`/staff/#/feedback/${entered.id}`);
    await onScreen(page, `反馈 ${entered.ref}`);
    await see(page.locator('dl.facts').first());
    await expect.poll(() => page.getByText('来源标识').count()).toBe(0);
    expect(cspViolations).toEqual([]);
    await context.close();
  }, 120_000);
});
