/**
 * `npm run bench:web`: what the public pages cost a phone.
 *
 * - per page, the gzip bytes of the JS and CSS its first view loads (from the
 *   Vite manifest, as scripts/check-size.ts counts them);
 * - the HTML of the public pages as the worker serves them, raw and gzip;
 * - where Chromium is present, Lighthouse's mobile scores (simulated slow 4G and
 *   a 4× slower CPU) for the notice, the form and the track page, with every
 *   audit that cost points.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
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

printBundles();
const server = await startLocalServer({ logs: 'on-failure' });
try {
  await printHtml(server);
  await printLighthouse(server);
} finally {
  await server.stop();
}
