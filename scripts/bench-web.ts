/**
 * `npm run bench:web`: what the public pages cost a phone.
 *
 * - per page, the gzip bytes of the JS and CSS its first view loads (from the
 *   Vite manifest, as scripts/check-size.ts counts them);
 * - the HTML of the public pages as the worker serves them, raw and gzip;
 * - the proof of work a submission needs (web/public/lib/proof.ts): the time the
 *   shipped solver takes in Chromium with its CPU slowed 4× (a low-end phone), over
 *   real challenges from the local server at the configured difficulty, and the
 *   difficulty that would give a median of 0.5 s. `-- --pow-max N` serves another
 *   difficulty, to try one;
 * - where Chromium is present, Lighthouse's mobile scores (simulated slow 4G and
 *   a 4× slower CPU) for the notice, the form and the track page, with every
 *   audit that cost points.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startLocalServer, type LocalServer } from './local-server';
import { pageFigures, readManifest } from './web-size';

const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const SLUG = 'dongxiao-2023';
const PAGES = [
  { name: 'notice', path: `/n/${SLUG}` },
  { name: 'form', path: `/n/${SLUG}/feedback` },
  { name: 'track', path: '/track' },
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2).padStart(6)} KB`;

function heading(text: string): void {
  console.log(`\n${text}\n${'-'.repeat(text.length)}`);
}

function printBundles(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  heading('JS + CSS each page’s first view loads (gzip -9)');
  for (const fig of pageFigures(readManifest())) {
    console.log(`${fig.page.padEnd(32)} ${kb(fig.bytes)}  ${fig.files.length} files`);
  }
}

async function printHtml(server: LocalServer): Promise<void> {
  heading('HTML as served (raw / gzip -9)');
  for (const { path } of PAGES) {
    const body = Buffer.from(await (await fetch(`${server.baseUrl}${path}`)).arrayBuffer());
    console.log(`${path.padEnd(32)} ${kb(body.length)} / ${kb(gzipSync(body, { level: 9 }).length)}`);
  }
}

/** Challenges solved per CPU speed: enough for a p90, few enough to keep the bench short. */
const CHALLENGES = 20;
const CPU_SLOWDOWNS = [1, 4];

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

/**
 * Solves real challenges in Chromium with the solver the form ships, on the form page itself
 * (its own chunk, imported by the page's module map), the CPU slowed by the DevTools protocol as
 * Lighthouse slows it. Only the solving is timed, not fetching the challenge.
 */
async function printProofOfWork(server: LocalServer): Promise<void> {
  heading(`Proof of work: ${CHALLENGES} challenges solved per CPU speed, in Chromium`);
  if (!existsSync(CHROME_PATH)) {
    console.log(`skipped: no Chromium at ${CHROME_PATH} (set CHROME_PATH)`);
    return;
  }
  const solver = readManifest()['public/lib/proof.ts']?.file;
  if (!solver) throw new Error('the build has no chunk for web/public/lib/proof.ts');
  const browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROME_FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${server.baseUrl}/n/${SLUG}/feedback`);
    // The form solves one proof ahead as soon as it is idle; let it finish, so it does not share the CPU.
    await page.waitForFunction(() => localStorage.getItem('rw.proof') !== null, undefined, { timeout: 60_000 });
    const cdp = await page.context().newCDPSession(page);
    let rate = 0;
    console.log(`${'CPU'.padEnd(14)} ${'difficulty'.padStart(10)} ${'median'.padStart(8)} ${'p90'.padStart(8)} ${'max'.padStart(8)} ${'hashes/s'.padStart(10)}  tasks > 50 ms (longest)`);
    for (const slowdown of CPU_SLOWDOWNS) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
      const runs = await page.evaluate(
        async ({ file, count }) => {
          const { solve } = (await import(`/${file}`)) as typeof import('../web/public/lib/proof');
          const out: Array<{ number: number; ms: number; max: number; longTasks: number[] }> = [];
          for (let i = 0; i < count; i++) {
            const challenge = (await (await fetch('/api/feedback/challenge', { cache: 'no-store' })).json()) as Parameters<typeof solve>[0];
            // Tasks over 50 ms while solving: what would keep the person's typing from showing.
            const longTasks: number[] = [];
            const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
            observer.observe({ type: 'longtask' });
            const start = performance.now();
            const number = await solve(challenge);
            const ms = performance.now() - start;
            observer.disconnect();
            if (number === null) throw new Error(`no solution for ${JSON.stringify(challenge)}`);
            out.push({ number, ms, max: challenge.maxnumber ?? 0, longTasks });
          }
          return out;
        },
        { file: solver, count: CHALLENGES },
      );
      const times = runs.map((r) => r.ms).sort((a, b) => a - b);
      // The solver tries 0, 1, 2, … so a solve of n took n + 1 hashes.
      const hashesPerSecond = (runs.reduce((sum, r) => sum + r.number + 1, 0) / times.reduce((a, b) => a + b, 0)) * 1000;
      if (slowdown === 4) rate = hashesPerSecond;
      const longTasks = runs.flatMap((r) => r.longTasks);
      console.log(
        `${`${slowdown}× slower`.padEnd(14)} ${String(runs[0]!.max).padStart(10)} ${seconds(quantile(times, 0.5)).padStart(8)} ${seconds(quantile(times, 0.9)).padStart(8)} ${seconds(times.at(-1)!).padStart(8)} ${Math.round(hashesPerSecond).toLocaleString('en').padStart(10)}  ${longTasks.length} (${longTasks.length ? `${Math.round(Math.max(...longTasks))} ms` : '–'})`,
      );
    }
    // The hidden number is uniform in 1..max, so the median solve tries max/2 numbers and the p90 0.9·max.
    const suggested = Number(rate.toPrecision(2));
    console.log(
      `At 4× slower, PROOF_OF_WORK_MAX_NUMBER = ${suggested} would take a median of ${seconds((suggested / 2 / rate) * 1000)} and a p90 of ${seconds((0.9 * suggested / rate) * 1000)}.`,
    );
  } finally {
    await browser.close();
  }
}

/** Why Lighthouse cannot run here, or null when it can. */
async function lighthouseUnavailable(): Promise<string | null> {
  if (!existsSync(CHROME_PATH)) return `no Chromium at ${CHROME_PATH} (set CHROME_PATH)`;
  try {
    await import('lighthouse');
    await import('chrome-launcher');
    return null;
  } catch (err) {
    return `lighthouse is not installed (${(err as Error).message.split('\n')[0]}); run npm install`;
  }
}

type Result = NonNullable<Awaited<ReturnType<typeof import('lighthouse').default>>>;

/** Lighthouse sometimes loses the page-load trace (NO_NAVSTART); a fresh Chromium and another try mend it. */
const ATTEMPTS = 3;

async function audit(url: string): Promise<Result> {
  const { default: lighthouse } = await import('lighthouse');
  const { launch } = await import('chrome-launcher');
  let result: Result | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS && (!result || result.lhr.runtimeError); attempt++) {
    const chrome = await launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS });
    try {
      result = await lighthouse(url, { port: chrome.port, logLevel: 'error', onlyCategories: [...CATEGORIES] });
    } finally {
      chrome.kill();
    }
  }
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  return result;
}

/** Every audit that cost points, or could not run, so a score below 100 says why. */
function losses(name: string, { lhr }: Result): string[] {
  const lost = lhr.runtimeError ? [`${name} · Lighthouse failed ${ATTEMPTS} times: ${lhr.runtimeError.message}`] : [];
  for (const c of CATEGORIES) {
    for (const ref of lhr.categories[c]?.auditRefs ?? []) {
      const a = lhr.audits[ref.id];
      if (!a || ref.weight === 0) continue;
      if (a.scoreDisplayMode === 'error') lost.push(`${name} · ${c} · ${a.id} could not run: ${a.errorMessage}`);
      else if (a.score !== null && a.score < 1) lost.push(`${name} · ${c} · ${a.id} (${Math.round(a.score * 100)}${a.displayValue ? `, ${a.displayValue}` : ''}): ${a.title}`);
    }
  }
  return lost;
}

async function printLighthouse(server: LocalServer): Promise<void> {
  heading('Lighthouse, mobile (scores out of 100)');
  const why = await lighthouseUnavailable();
  if (why) {
    console.log(`skipped: ${why}`);
    return;
  }
  const lost: string[] = [];
  console.log(`${'page'.padEnd(8)} ${CATEGORIES.map((c) => c.padStart(15)).join('')}`);
  for (const { name, path } of PAGES) {
    const result = await audit(`${server.baseUrl}${path}`);
    const score = (c: string) => {
      const s = result.lhr.categories[c]?.score;
      return s === null || s === undefined ? 'n/a' : String(Math.round(s * 100));
    };
    console.log(`${name.padEnd(8)} ${CATEGORIES.map((c) => score(c).padStart(15)).join('')}`);
    lost.push(...losses(name, result));
  }
  if (lost.length > 0) {
    heading('Audits that cost points or could not run');
    for (const line of lost) console.log(line);
  }
}

/** `--pow-max N`: serve this proof-of-work difficulty instead of wrangler.toml's. */
function powMax(argv: string[]): Record<string, string> | undefined {
  const i = argv.indexOf('--pow-max');
  if (i < 0) return undefined;
  const n = argv[i + 1];
  if (!n || !/^[1-9]\d*$/.test(n)) throw new Error('--pow-max needs a positive whole number');
  return { PROOF_OF_WORK_MAX_NUMBER: n };
}

const vars = powMax(process.argv.slice(2));
printBundles();
const server = await startLocalServer({ logs: 'on-failure', vars });
try {
  await printHtml(server);
  await printProofOfWork(server);
  await printLighthouse(server);
} finally {
  await server.stop();
}
