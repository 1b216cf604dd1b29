import { describe, expect, it } from 'vitest';
import { hashQueryCode, newQueryCode, newRef, normaliseQueryCode, normaliseRef, REF_PATTERN } from '../../worker/feedback/codes';

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
});

describe('query codes', () => {
  it('carry at least 50 bits: 12 Crockford base32 symbols in three groups', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const code = newQueryCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      seen.add(code);
    }
    expect(12 * Math.log2(32)).toBeGreaterThanOrEqual(50);
    expect(seen.size).toBe(1000);
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
