import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import county from '../fixtures/notices/county-fullwidth.txt?raw';
import compact from '../fixtures/notices/crlf-compact.txt?raw';
import flat from '../fixtures/notices/items-under-parts.txt?raw';
import spaced from '../fixtures/notices/spaced-labels-alone.txt?raw';
import sample from '../../seed/dongxiao-notice.txt?raw';
import { parseNotice, type ParsedNotice } from '../../worker/notice';
import { isLossless, shape, statuses } from './shape';
import { itemBlocks, layout, relayout, reorderItems, rewidth, statusLineIndices, widths, withoutLines } from './variants';

const notices = Object.entries({ sample, county, compact, flat, spaced });

const digitsOf = (phone: string | null) => phone?.replace(/[^0-9０-９]/g, '') ?? null;
const sameReading = (a: ParsedNotice, b: ParsedNotice) => {
  expect(shape(b)).toEqual(shape(a));
  expect(statuses(b)).toEqual(statuses(a));
  expect(b.contacts.email).toBe(a.contacts.email);
  expect(digitsOf(b.contacts.phone)).toBe(digitsOf(a.contacts.phone));
};

describe('parseNotice reads the same structure', () => {
  it.each(notices)('from the %s notice in any punctuation width, layout and line ends', (_, text) => {
    const original = parseNotice(text);
    const lineCount = text.split(/\r\n|\r|\n/).length;
    fc.assert(
      fc.property(widths, layout(lineCount), (w, l) => {
        sameReading(original, parseNotice(relayout(rewidth(text, w), l)));
      }),
    );
  });

  it.each(notices)('from the %s notice with its items in another order', (_, text) => {
    const original = parseNotice(text);
    const blocks = itemBlocks(text);
    const orders = fc.tuple(...blocks.map((items) => fc.shuffledSubarray(items.map((_, i) => i), { minLength: items.length })));
    fc.assert(
      fc.property(orders, (order) => {
        const shuffled = reorderItems(text, blocks, order);
        const reread = parseNotice(shuffled);
        expect(shape(reread)).toEqual(shape(original));
        expect([...statuses(reread)].sort()).toEqual([...statuses(original)].sort());
        expect(isLossless(shuffled, reread)).toBe(true);
      }),
    );
  });
});

describe('parseNotice without some status lines', () => {
  it.each(notices)('keeps every item of the %s notice, with unknown status where the line was removed', (_, text) => {
    const original = parseNotice(text);
    const candidates = statusLineIndices(text);
    fc.assert(
      fc.property(fc.subarray(candidates), (drop) => {
        const reread = parseNotice(withoutLines(text, drop));
        expect(shape(reread).parts).toEqual(shape(original).parts);
        statuses(reread).forEach((status, i) => expect([statuses(original)[i], 'unknown']).toContain(status));
      }),
    );
  });
});
