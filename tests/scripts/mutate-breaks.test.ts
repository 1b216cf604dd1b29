/**
 * `npm run mutate` breaks the code one exact text at a time (scripts/mutate-breaks.ts). A break
 * whose text the code no longer holds stops the whole run, and is only found by running it: each
 * break must still name its text exactly once in its file, its name be its own, and the tests it
 * runs exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BREAKS } from '../../scripts/mutate-breaks';

const ROOT = resolve(import.meta.dirname, '../..');

describe('the breaks of npm run mutate', () => {
  it('each have a name of their own', () => {
    const names = BREAKS.map((b) => b.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it.each(BREAKS.map((b) => [b.name, b] as const))('%s still names its code once, and tests that exist', (_name, b) => {
    const text = readFileSync(resolve(ROOT, b.file), 'utf8');
    expect(text.split(b.from).length - 1).toBe(1);
    expect(b.to).not.toBe(b.from);
    for (const test of b.tests) expect(existsSync(resolve(ROOT, test)), test).toBe(true);
  });
});
