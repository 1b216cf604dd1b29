/**
 * Breaks the code on purpose, one line at a time, and runs the tests that should
 * notice. Each break stands for a promise the README makes (see "What the tests
 * prove"); a break that no test catches means that promise is unguarded.
 *
 *   npm run mutate                 every break
 *   npm run mutate -- scope cron   only the breaks whose name contains one of these words
 *
 * Each break is one exact text replacement in one file, undone in `finally` (and on
 * Ctrl-C), so the tree is left as it was. Breaks of the public pages run the
 * browser journeys, which build a copy of the tree, so they take a minute or two.
 * Exits 1 if any break survived. Not part of `npm test`: it runs the suite many times.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { BREAKS, type Break } from './mutate-breaks';

interface Outcome {
  name: string;
  caught: boolean;
  by: string[];
  seconds: number;
}

function run(cmd: string, args: string[]): number {
  return spawnSync(cmd, args, { stdio: 'ignore', env: process.env }).status ?? 1;
}

// vitest.config.ts writes its JSON report here on every run.
const REPORT = 'test-results/vitest.json';

/** The failed tests of a vitest JSON report, as "file › test". */
function failedTests(report: string): string[] {
  try {
    const r = JSON.parse(readFileSync(report, 'utf8')) as { testResults: Array<{ name: string; assertionResults: Array<{ status: string; fullName: string }> }> };
    return r.testResults.flatMap((f) =>
      f.assertionResults.filter((a) => a.status === 'failed').map((a) => `${f.name.replace(`${process.cwd()}/`, '')} › ${a.fullName}`),
    );
  } catch {
    return [];
  }
}

let restore: (() => void) | null = null;
process.on('SIGINT', () => {
  restore?.();
  process.exit(130);
});

function tryBreak(b: Break): Outcome {
  const original = readFileSync(b.file, 'utf8');
  const count = original.split(b.from).length - 1;
  if (count !== 1) throw new Error(`${b.name}: expected the text once in ${b.file}, found it ${count} times; update scripts/mutate.ts`);
  for (const test of b.tests) if (!existsSync(test)) throw new Error(`${b.name}: no test file ${test}; update scripts/mutate-breaks.ts`);
  const started = Date.now();
  restore = () => writeFileSync(b.file, original);
  try {
    writeFileSync(b.file, original.replace(b.from, b.to));
    rmSync(REPORT, { force: true });
    const status = run('npx', ['vitest', 'run', '--project', b.project, ...b.tests]);
    const by = failedTests(REPORT);
    // Caught only by a test that failed: a run that ends in error with none failed (no test found, a file that no longer loads) caught nothing.
    return { name: b.name, caught: status !== 0 && by.length > 0, by, seconds: (Date.now() - started) / 1000 };
  } finally {
    restore();
    restore = null;
  }
}

const wanted = process.argv.slice(2);
const chosen = BREAKS.filter((b) => wanted.length === 0 || wanted.some((w) => b.name.includes(w)));
const outcomes: Outcome[] = [];
for (const b of chosen) {
  const o = tryBreak(b);
  outcomes.push(o);
  console.log(`${b.name.padEnd(26)} ${o.caught ? 'caught' : 'SURVIVED'} in ${o.seconds.toFixed(0)} s${o.by.length ? ` by ${o.by.length} test(s):` : ''}`);
  for (const t of o.by.slice(0, 5)) console.log(`    ${t}`);
  if (o.by.length > 5) console.log(`    … and ${o.by.length - 5} more`);
}

const survived = outcomes.filter((o) => !o.caught);
console.log(`\nmutate: ${outcomes.length - survived.length} caught, ${survived.length} survived`);
for (const o of survived) console.log(`  survived: ${o.name}: ${BREAKS.find((b) => b.name === o.name)!.claim}`);
process.exit(survived.length > 0 ? 1 : 0);
