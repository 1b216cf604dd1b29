/**
 * Password hashing and rules, as plain functions.
 */
import { describe, expect, it } from 'vitest';
import {
  hashPassword, newOneTimePassword, passwordProblem, PBKDF2_ITERATIONS, verifyNothing, verifyPassword,
} from '../../worker/staff/password';

describe('passwords', () => {
  it('stores PBKDF2-SHA256 at 100,000 iterations with a salt of its own for each password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a.passwordIterations).toBe(100_000);
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    expect(a.passwordSalt).not.toBe(b.passwordSalt);
    expect(a.passwordHash).not.toBe(b.passwordHash);
    expect(JSON.stringify(a)).not.toContain('correct horse');
  });

  it('accepts the right password and refuses any other', async () => {
    const h = await hashPassword('整改监督工作台的密码');
    expect(await verifyPassword('整改监督工作台的密码', h)).toBe(true);
    expect(await verifyPassword('整改监督工作台的密', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
    expect(await verifyNothing('anything at all')).toBe(false);
  });

  it.each([
    ['elevenchars', 'tooShort'],
    ['twelve chars', null],
    ['十二个汉字的密码长度够了', null],
    ['十一个汉字的密码不够长', 'tooShort'],
    ['😀'.repeat(12), null],
    ['a'.repeat(128), null],
    ['a'.repeat(129), 'tooLong'],
  ])('counts characters, not bytes: %s → %s', (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it('has no composition rules: a long lower-case phrase is fine', () => {
    expect(passwordProblem('just some lowercase words')).toBeNull();
  });

  it('makes one-time passwords of five groups of four unambiguous symbols, each different', () => {
    const seen = new Set(Array.from({ length: 50 }, newOneTimePassword));
    expect(seen.size).toBe(50);
    for (const p of seen) {
      expect(p).toMatch(/^[2-9a-hjkmnp-z]{4}(-[2-9a-hjkmnp-z]{4}){4}$/);
      expect(passwordProblem(p)).toBeNull();
    }
  });
});
