/**
 * One full label per item: built from the part, category and item numbering,
 * unique across the sample notice although four items are numbered "2.", and
 * the same in the public notice, the inbox, the detail, tracking and statistics.
 */
import { describe, expect, it } from 'vitest';
import { fullItemLabel, itemHeading } from '../../worker/notice/item-label';
import { call, itemIdAt, postJson, seedSample, SLUG, validFeedback } from '../helpers/api';
import { signedIn, staff } from '../staff/helpers';

describe('fullItemLabel', () => {
  it.each([
    [['二、', '（三）'], '2.', '二（三）2'],
    [['一、', '(一)'], '1、', '一（一）1'],
    [['三、', null], '（2）', '三（2）'],
    [[null, null], '3．', '3'],
    [['', '（一）'], '', '（一）'],
  ] as const)('%j + %s → %s', (sections, item, want) => {
    expect(fullItemLabel({ sections, item })).toBe(want);
  });

  it('heads an item with its label and title, and the notice as a whole as such', () => {
    expect(itemHeading({ fullLabel: '二（三）2', title: '宣传不到位' })).toBe('二（三）2 宣传不到位');
    expect(itemHeading(null)).toBe('整份通报');
  });
});

describe('the sample notice', () => {
  it('gives every item a different full label, though four are numbered "2."', async () => {
    await seedSample();
    const notice = (await (await call(`/api/notices/${SLUG}`)).json()) as {
      parts: Array<{ items: Array<{ label: string; fullLabel: string }>; categories: Array<{ items: Array<{ label: string; fullLabel: string }> }> }>;
    };
    const all = notice.parts.flatMap((p) => [...p.items, ...p.categories.flatMap((c) => c.items)]);
    expect(all.filter((i) => i.label === '2.').length).toBeGreaterThanOrEqual(4);
    expect(new Set(all.map((i) => i.fullLabel)).size).toBe(all.length);
    expect(notice.parts[1]!.categories[2]!.items[1]!.fullLabel).toBe('二（三）2');
  });

  it('names the item by its full label in the inbox, the detail, tracking and the statistics', async () => {
    await seedSample();
    const itemId = await itemIdAt(1, 2, 1);
    const sent = await postJson('/api/feedback', validFeedback({ itemId, content: `全标签-${crypto.randomUUID()}` }));
    expect(sent.status).toBe(201);
    const receipt = (await sent.json()) as { ref: string; queryCode: string };
    const admin = await signedIn('admin');

    const inboxRes = await staff(`/feedback?q=${encodeURIComponent(receipt.ref)}`, { cookie: admin.cookie });
    const inbox = (await inboxRes.json()) as { feedback: Array<{ id: number; item: { fullLabel: string } }> };
    expect(inboxRes.status, JSON.stringify(inbox)).toBe(200);
    expect(inbox.feedback[0]!.item.fullLabel).toBe('二（三）2');
    const detail = (await (await staff(`/feedback/${inbox.feedback[0]!.id}`, { cookie: admin.cookie })).json()) as { item: { fullLabel: string } };
    expect(detail.item.fullLabel).toBe('二（三）2');
    const tracked = (await (await call(`/api/feedback/${receipt.ref}`, { headers: { 'x-query-code': receipt.queryCode } })).json()) as { item: { fullLabel: string } };
    expect(tracked.item.fullLabel).toBe('二（三）2');
    const stats = (await (await staff(`/stats?notice=${SLUG}`, { cookie: admin.cookie })).json()) as { byItem: Array<{ item: { id: number; fullLabel: string } | null }> };
    const labels = stats.byItem.flatMap((b) => (b.item ? [b.item.fullLabel] : []));
    expect(labels).toContain('二（三）2');
    expect(labels.every((l) => /^[一二三四五六七八九十]/.test(l))).toBe(true);
  });
});
