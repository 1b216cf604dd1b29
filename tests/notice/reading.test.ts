/**
 * The reading that staff correct (worker/notice/reading.ts, build.ts): built
 * back from the parser's own roles it is the parser's structure; built from any
 * level or any roles it keeps every character; and the lossless check that
 * guards every save refuses a structure that drops, repeats or moves text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import county from '../fixtures/notices/county-fullwidth.txt?raw';
import compact from '../fixtures/notices/crlf-compact.txt?raw';
import flat from '../fixtures/notices/items-under-parts.txt?raw';
import spaced from '../fixtures/notices/spaced-labels-alone.txt?raw';
import sample from '../../seed/dongxiao-notice.txt?raw';
import { parseNotice, type ParsedNotice } from '../../worker/notice';
import { buildNotice } from '../../worker/notice/build';
import { checkLossless } from '../../worker/notice/lossless';
import { levelsOf, PIECE_ROLES, readNotice, readPieces, rolesForLevel, type PieceRole } from '../../worker/notice/reading';
import { anyText, noticeSoup, withNoise } from './variants';

const notices = { sample, county, compact, flat, spaced };

/** The structure without what only orders it (`line`) or is not text (`contacts`). */
const structure = (n: ParsedNotice) => JSON.parse(JSON.stringify(n, (k, v: unknown) => (k === 'line' || k === 'contacts' ? undefined : v)));

function rebuilt(text: string) {
  const r = readNotice(text);
  const built = buildNotice(r, r.roles);
  if (!built.ok) throw new Error(`problems: ${JSON.stringify(built.problems)}`);
  return built.notice;
}

describe("the parser's reading, as roles", () => {
  it.each(Object.entries(notices))('builds back the parser’s structure of the %s notice exactly', (_, text) => {
    expect(structure(rebuilt(text))).toEqual(structure(parseNotice(text)));
  });

  it('keeps every role in place when lone surrogates straddle the title\'s line break (they join into one code point)', () => {
    // A counterexample fast-check found (seed 585356795): counted in code points, the roles after
    // the title shifted by one and the notice came back with no items.
    const text = `\ud800\n\udc00${county}`;
    expect(structure(rebuilt(text))).toEqual(structure(parseNotice(text)));
  });

  it('builds back the parser’s structure of generated and noisy notices, character for character', () => {
    const texts = fc.oneof(noticeSoup, anyText, ...Object.values(notices).map(withNoise));
    fc.assert(
      fc.property(texts, (text) => {
        const built = rebuilt(text);
        expect(checkLossless(text, built)).toEqual({ ok: true });
        expect(built.parts.flatMap((p) => [...p.items, ...p.categories.flatMap((c) => c.items)]).length).toBe(
          parseNotice(text).parts.flatMap((p) => [...p.items, ...p.categories.flatMap((c) => c.items)]).length,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('cuts a line where a measures label or an ordinal starts, and nowhere else', () => {
    const { pieces } = readPieces('1.标题。整改措施：一是建立台账；二是定期通报。整改情况：已完成。\n统一是非标准');
    expect(pieces.map((p) => [p.text, p.numbering, p.label])).toEqual([
      ['1.标题。', 'arabic', null],
      ['整改措施：', null, 'measures'],
      ['一是建立台账；', 'ordinal', null],
      ['二是定期通报。', 'ordinal', null],
      ['整改情况：已完成。', null, 'status'],
      ['统一是非标准', null, null],
    ]);
  });
});

describe('corrections', () => {
  it.each(Object.entries(notices))('keep every character of the %s notice whichever level forms the items', (_, text) => {
    const r = readNotice(text);
    for (const { level } of levelsOf(r)) {
      const built = buildNotice(r, rolesForLevel(r, r.roles, level));
      expect(built.ok && checkLossless(text, built.notice), level).toEqual({ ok: true });
    }
  });

  it('keep every character of a notice whatever roles are given, or say which pieces cannot stand', () => {
    const r = readNotice(sample);
    const roles = fc.array(fc.constantFrom<PieceRole>(...PIECE_ROLES.filter((x) => x !== 'title' && x !== 'closing')), {
      minLength: r.pieces.length, maxLength: r.pieces.length,
    });
    fc.assert(
      fc.property(roles, (rs) => {
        const built = buildNotice(r, rs);
        if (built.ok) expect(checkLossless(sample, built.notice)).toEqual({ ok: true });
        else expect(built.problems.every((p) => p.problem === 'sectionWithoutItem')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('make a line start an item, and fold an item into the one before', () => {
    const text = '一、关于学习\n1.学习不深入。整改情况：已完成。\n2.研讨不够。\n补充说明。';
    const r = readNotice(text);
    const count = (roles: PieceRole[]) => {
      const b = buildNotice(r, roles);
      return b.ok ? b.itemPieces.length : -1;
    };
    expect(count(r.roles)).toBe(2);
    const split = [...r.roles];
    split[r.pieces.findIndex((p) => p.text === '补充说明。')] = 'item';
    expect(count(split)).toBe(3);
    const folded = [...r.roles];
    folded[r.pieces.findIndex((p) => p.text.startsWith('2.'))] = 'text';
    expect(count(folded)).toBe(1);
    const b = buildNotice(r, folded);
    expect(b.ok && b.notice.parts[0]!.items[0]!.statusText).toBe('已完成。\n2.研讨不够。\n补充说明。');
  });
});

describe('the lossless check on save', () => {
  const text = '一、关于学习\n1.学习不深入。整改情况：已完成。';
  const good = () => parseNotice(text);

  it('passes the structure that holds the text', () => {
    expect(checkLossless(text, good())).toEqual({ ok: true });
  });

  it.each([
    ['drops text', (n: ParsedNotice) => { n.parts[0]!.items[0]!.title = '学习。'; }, { at: 10, expected: '不深入。整改情况：已完成', found: '。整改情况：已完成。' }],
    ['repeats text', (n: ParsedNotice) => { n.intro = ['一、']; }, { at: 2, expected: '关于学习1.学习不深入。', found: '一、关于学习1.学习不深' }],
    ['moves text', (n: ParsedNotice) => { n.closing = [n.parts[0]!.heading]; n.parts[0]!.heading = ''; }, { at: 2, expected: '关于学习1.学习不深入。', found: '1.学习不深入。整改情况' }],
    ['rewords text', (n: ParsedNotice) => { n.parts[0]!.items[0]!.statusText = '已完结。'; }],
  ])('refuses a structure that %s, saying where', (_name, tamper, where?) => {
    const n = good();
    tamper(n);
    const result = checkLossless(text, n);
    expect(result.ok).toBe(false);
    if (where) expect(result).toEqual({ ok: false, ...where });
  });
});
