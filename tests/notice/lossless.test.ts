import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import county from '../fixtures/notices/county-fullwidth.txt?raw';
import compact from '../fixtures/notices/crlf-compact.txt?raw';
import flat from '../fixtures/notices/items-under-parts.txt?raw';
import spaced from '../fixtures/notices/spaced-labels-alone.txt?raw';
import sample from '../../seed/dongxiao-notice.txt?raw';
import { parseNotice } from '../../worker/notice';
import { isLossless } from './shape';
import { anyText, layout, noticeSoup, relayout, rewidth, widths, withNoise } from './variants';

const notices = { sample, county, compact, flat, spaced };

/** Parses without throwing and keeps every non-blank character in order. */
const keepsEverything = (text: string) => isLossless(text, parseNotice(text));

describe('parseNotice loses nothing', () => {
  it.each(Object.entries(notices))('on the %s notice', (_, text) => {
    expect(keepsEverything(text)).toBe(true);
  });

  it.each(Object.entries(notices))('on the %s notice rewritten in other widths, layouts and line ends', (_, text) => {
    const lineCount = text.split(/\r\n|\r|\n/).length;
    fc.assert(fc.property(widths, layout(lineCount), (w, l) => keepsEverything(relayout(rewidth(text, w), l))));
  });

  it.each(Object.entries(notices))('on the %s notice with its lines dropped or shuffled', (_, text) => {
    const lines = text.split(/\r\n|\r|\n/);
    const sometimes = fc.oneof(fc.subarray(lines), fc.shuffledSubarray(lines, { minLength: lines.length }));
    fc.assert(fc.property(sometimes, (picked) => keepsEverything(picked.join('\n'))));
  });

  it.each(Object.entries(notices))('on the %s notice with stray text inserted anywhere', (_, text) => {
    fc.assert(fc.property(withNoise(text), keepsEverything), { numRuns: 200 });
  });

  it('on strings made of notice pieces: numbering, labels, statuses, line ends, surrogates', () => {
    fc.assert(fc.property(noticeSoup, keepsEverything), { numRuns: 2000 });
  });

  it('on any string at all', () => {
    fc.assert(fc.property(anyText, keepsEverything), { numRuns: 1000 });
  });
});
