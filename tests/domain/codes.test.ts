/**
 * References and query codes: their shape, what people type, and that the random
 * symbols really are random: drawn from crypto.getRandomValues, and spread evenly
 * over the alphabet (a chi-square test against the uniform distribution).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hashQueryCode, newQueryCode, newRef, normaliseQueryCode, normaliseRef, REF_PATTERN } from '../../worker/feedback/codes';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const REF_SYMBOLS = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Upper-tail critical values of the chi-square distribution at p = 1e-6, from
 * scipy.stats.chi2.isf(1e-6, df): a fair generator fails each test about once in a
 * million runs, so the three tests below together fail it less than once in 300,000. df is the number of symbols less one (31 for Crockford base32, 29 for
 * the references' 30 symbols), or 12 × 31 when each of the 12 positions of a query
 * code is counted on its own.
 */
const CHI2_CRITICAL = { 29: 80.44, 31: 83.64, 372: 516.33 } as const;

/** Pearson's chi-square of the counts against equal counts for every symbol. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
}

function countSymbols(texts: string[], alphabet: string): number[] {
  const counts = new Array<number>(alphabet.length).fill(0);
  for (const text of texts) {
    for (const ch of text) {
      const i = alphabet.indexOf(ch);
      if (i < 0) throw new Error(`${ch} is not in the alphabet`);
      counts[i]!++;
    }
  }
  return counts;
}

/** Makes crypto.getRandomValues write `fill(i)` into byte i of each array it is given. */
function fixedRandomBytes(fill: (i: number) => number) {
  return vi.spyOn(crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
    const bytes = array as unknown as Uint8Array;
    for (let i = 0; i < bytes.length; i++) bytes[i] = fill(i);
    return array;
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('references', () => {
  it('read as prefix, year-month and four symbols with nothing that looks or sounds alike', () => {
    for (let i = 0; i < 500; i++) {
      const ref = newRef('DX', '2026-11-27');
      expect(ref).toMatch(REF_PATTERN);
      expect(ref.startsWith('DX-2611-')).toBe(true);
      expect(ref.slice(8)).not.toMatch(/[01OILU]/);
    }
  });

  it('normalise what people type', () => {
    expect(normaliseRef(' dx－2611－7k3q ')).toBe('DX-2611-7K3Q');
  });

  it('take their symbols from crypto.getRandomValues, skipping the bytes that would favour some symbols', () => {
    // 256 is not a multiple of 30: bytes from 240 up are drawn again, or the first 16 symbols would come up more often.
    const spy = fixedRandomBytes((i) => [255, 0, 240, 31, 62, 239, 1, 1][i]!);
    expect(newRef('DX', '2026-11-27')).toBe('DX-2611-234Z');
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('draw again when every byte of a draw was skipped', () => {
    const spy = fixedRandomBytes((i) => [2, 3, 4, 5, 6, 7, 8, 9][i]!);
    spy.mockImplementationOnce(<T extends ArrayBufferView | null>(array: T): T => {
      (array as unknown as Uint8Array).fill(250);
      return array;
    });
    expect(newRef('DX', '2026-11-27')).toBe('DX-2611-4567');
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('use every symbol equally often', () => {
    const symbols = Array.from({ length: 20_000 }, () => newRef('DX', '2026-11-27').slice(8));
    // Without the skipped bytes, chi-square here would be near 270 (16 symbols at 9/256, 14 at 8/256).
    expect(chiSquare(countSymbols(symbols, REF_SYMBOLS))).toBeLessThan(CHI2_CRITICAL[29]);
  });
});

describe('query codes', () => {
  it('read as 12 Crockford base32 symbols in three groups of four, and do not repeat', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const code = newQueryCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      seen.add(code);
    }
    expect(seen.size).toBe(1000);
  });

  it('come from crypto.getRandomValues, never Math.random', () => {
    const spy = vi.spyOn(crypto, 'getRandomValues');
    const mathRandom = vi.spyOn(Math, 'random');
    newQueryCode();
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]![0]).toBeInstanceOf(Uint8Array);
    expect(mathRandom).not.toHaveBeenCalled();
  });

  it('are determined by the random bytes: one symbol from the low 5 bits of each byte', () => {
    fixedRandomBytes(() => 0);
    expect(newQueryCode()).toBe('0000-0000-0000');
    vi.restoreAllMocks();
    fixedRandomBytes(() => 255);
    expect(newQueryCode()).toBe('ZZZZ-ZZZZ-ZZZZ');
    vi.restoreAllMocks();
    // Byte i is 33 × i (mod 256), whose low 5 bits are i: the alphabet in order, the high bits ignored.
    fixedRandomBytes((i) => (33 * i) % 256);
    expect(newQueryCode()).toBe('0123-4567-89AB');
  });

  it('use every symbol equally often, in every position', () => {
    const codes = Array.from({ length: 20_000 }, () => newQueryCode().replace(/-/g, ''));
    expect(chiSquare(countSymbols(codes, CROCKFORD))).toBeLessThan(CHI2_CRITICAL[31]);
    // Each position on its own: 12 independent tests of 31 degrees of freedom add up to one of 372.
    const byPosition = Array.from({ length: 12 }, (_, p) => chiSquare(countSymbols(codes.map((c) => c[p]!), CROCKFORD)));
    expect(byPosition.reduce((a, b) => a + b, 0)).toBeLessThan(CHI2_CRITICAL[372]);
  });

  it('accept lower case, spaces, and O, I, L typed for 0 and 1', () => {
    expect(normaliseQueryCode('a0b1-c d2e-f3gh')).toBe(normaliseQueryCode('AOBI-CD2E-F3GH'));
    expect(normaliseQueryCode('l1l1')).toBe('1111');
  });

  it('hash differently for another reference, so one code never opens two feedbacks', async () => {
    const code = newQueryCode();
    expect(await hashQueryCode('DX-2611-2222', code)).not.toBe(await hashQueryCode('DX-2611-3333', code));
    expect(await hashQueryCode('DX-2611-2222', code.toLowerCase())).toBe(await hashQueryCode('DX-2611-2222', code));
  });
});
