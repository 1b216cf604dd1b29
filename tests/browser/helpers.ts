/**
 * What every journey needs: Debian's Chromium at a phone's size, an axe-core
 * check that runs under the page's own CSP, the local D1 read for real, and the
 * steps that several journeys share.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type AxeCore from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { proofHeader, solve } from '../../web/public/lib/proof';
import { d1Sync, staffAccountSync } from '../setup/d1-client';
import { hashQueryCode, newQueryCode, newRef } from '../../worker/feedback/codes';
import { shanghaiDate } from '../../worker/feedback/deadlines';

export const baseUrl = inject('baseUrl');
export const SLUG = 'dongxiao-2023';
export const NOTICE = `/n/${SLUG}`;
export const PHONE = { width: 360, height: 740 };

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

let chromiumProcess: Promise<Browser> | undefined;

/**
 * A browser for one test file. The files run one after another in one process (vitest.config.ts),
 * so they share one Chromium, launched once (about 2 s a launch here, 30 files), and each file gets
 * what a browser of its own gave it: every page it opens is in a context of its own, with its own
 * storage and cookies, and its `close()` closes those contexts, never the Chromium the next file
 * uses. Chromium ends with the test process (its pipe to Playwright closes).
 */
export async function launchBrowser(): Promise<Browser> {
  chromiumProcess ??= chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const shared = await chromiumProcess;
  const contexts = new Set<BrowserContext>();
  const newContext: Browser['newContext'] = async (options) => {
    const context = await shared.newContext(options);
    contexts.add(context);
    return context;
  };
  const own: Partial<Browser> = {
    newContext,
    newPage: async (options) => (await newContext(options)).newPage(),
    contexts: () => [...contexts],
    close: async () => {
      await Promise.all([...contexts].map((c) => c.close().catch(() => undefined)));
      contexts.clear();
    },
  };
  return new Proxy(shared, {
    get: (target, key) => (key in own ? own[key as keyof Browser] : Reflect.get(target, key, target)),
  });
}

/**
 * Node's fetch keeps sockets alive between requests, and a server may close an idle one just as
 * the next request goes out on it (undici's "other side closed", UND_ERR_SOCKET), before it has
 * read the request. A GET or HEAD is safe to send again; anything else fails as it did.
 */
const RETRIED = Symbol.for('rw.tests.fetchRetried');
if (!(globalThis as Record<symbol, unknown>)[RETRIED]) {
  (globalThis as Record<symbol, unknown>)[RETRIED] = true;
  const nodeFetch = globalThis.fetch;
  const socketClosed = (err: unknown) => err instanceof TypeError && (err.cause as { code?: string } | undefined)?.code === 'UND_ERR_SOCKET';
  globalThis.fetch = async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    try {
      return await nodeFetch(input, init);
    } catch (err) {
      if ((method === 'GET' || method === 'HEAD') && socketClosed(err)) return nodeFetch(input, init);
      throw err;
    }
  };
}

export interface Phone {
  context: BrowserContext;
  page: Page;
  /** Messages from Chromium about anything the page's Content-Security-Policy blocked. */
  cspViolations: string[];
}

/**
 * A fresh phone: its own storage and cookies. The page's CSP stays in force
 * (no bypassCSP), so the journeys also prove the app works under it.
 */
export async function openPhone(browser: Browser, viewport: { width: number; height: number } = PHONE): Promise<Phone> {
  const context = await browser.newContext({ viewport, baseURL: baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().includes('Content Security Policy')) cspViolations.push(m.text());
  });
  return { context, page, cspViolations };
}

/**
 * Waits for something that appears after a script or a request (playwright-core has no `expect`).
 * 20 s: the journeys' server is `wrangler dev` on two shared cores, beside the tests' own D1
 * service on the same database file, and an answer there has been seen to take over 10 s (once
 * each in two CI runs of 2026-12-01, in journeys that pass alone). How fast a page is, is measured
 * by the benches, not here. (A script chunk that `wrangler dev` now and then never answers until
 * the page closes is no reason to wait longer: the tracking page no longer waits on one for an
 * answer it can give without it, tests/browser/track.test.ts.)
 */
export async function see(locator: Locator, timeout = 20_000): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout });
  return locator;
}

/** How long a page may take to go quiet before its unanswered requests are looked at. */
const QUIET_MS = 15_000;

/**
 * Waits until the client has taken over the server's HTML, so that clicks and typing reach Preact:
 * the page loaded and its network quiet. In two full CI runs of 2026-12-01, `wrangler dev` left one
 * request of a page unanswered until the page closed, and the page never went quiet. When only the
 * build's static files are unanswered after QUIET_MS, that is the dev server's, not the page's: it
 * is said on the test's output with the files named, and the page loaded again, once. Anything else
 * unanswered (an API call) fails the test, named.
 */
export async function gotoHydrated(page: Page, path: string): Promise<void> {
  const pending = new Set<string>();
  const asked = (r: { url(): string }) => pending.add(r.url());
  const done = (r: { url(): string }) => pending.delete(r.url());
  page.on('request', asked);
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  try {
    for (let attempt = 1; ; attempt++) {
      pending.clear();
      await (attempt === 1 ? page.goto(path) : page.reload());
      try {
        await page.waitForLoadState('networkidle', { timeout: QUIET_MS });
        return;
      } catch (err) {
        const waiting = [...pending];
        const staticOnly = waiting.length > 0 && waiting.every((url) => new URL(url).pathname.startsWith('/assets/'));
        if (attempt > 1 || !staticOnly) throw new Error(`${path} did not go quiet in ${QUIET_MS} ms; unanswered: ${waiting.join(', ') || 'nothing seen'}`, { cause: err });
        console.warn(`gotoHydrated: the dev server left ${waiting.join(', ')} unanswered for ${QUIET_MS} ms; loading ${path} again`);
      }
    }
  } finally {
    page.off('request', asked);
    page.off('requestfinished', done);
    page.off('requestfailed', done);
  }
}

const axeSource = readFileSync(join(createRequire(import.meta.url).resolve('axe-core'), '..', 'axe.min.js'), 'utf8');

/**
 * Runs axe-core with its default rules (the WCAG A and AA rules and best practices)
 * on the page as it is now.
 * `page.evaluate` runs through the DevTools protocol, which the page's CSP does not govern;
 * `addScriptTag` would add an inline script, which `script-src 'self'` rightly refuses.
 */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof AxeCore }).axe.run(document);
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  expect(violations, `axe violations on ${where}`).toEqual([]);
}

/** A feedback text no other test or run uses, so D1 can be asked about exactly this one. */
export function uniqueContent(what: string): string {
  return `浏览器测试 ${what} ${randomUUID()}`;
}

/**
 * Reads (or writes) the local D1 that `wrangler dev` serves, as `wrangler d1 execute --local`
 * would, through the D1 the global setup keeps open (tests/setup/d1-service.ts): the rows of
 * the first statement.
 */
export function d1(sql: string): Array<Record<string, unknown>> {
  return d1Sync(inject('d1Url'), sql)[0]!.results;
}

/** How many feedback records D1 holds with exactly this content. */
export function feedbackCount(content: string): number {
  return Number(d1(`select count(*) as n from feedback where content = '${content.replace(/'/g, "''")}'`)[0]!.n);
}

/** The third category of part 二 and its second item, the one journeys supervise. */
export const PART_TWO = /^二、/;
export const CATEGORY_THREE = /[(（]三[)）]/;
export const ITEM_TITLE = '针对办理初信初访、国家满意度案件的重视程度有待提升的问题';

/** On the notice page: opens category (三) of part 二 and presses item 2's "我要监督". */
export async function superviseItemTwo(page: Page): Promise<void> {
  const part = page.locator('section.part').filter({ has: page.getByRole('heading', { level: 2, name: PART_TWO }) });
  await part.locator('summary').filter({ hasText: CATEGORY_THREE }).click();
  const item = part.getByRole('article', { name: ITEM_TITLE });
  await see(item);
  await item.getByRole('link', { name: '我要监督' }).click();
  await page.waitForURL(/\/feedback\?item=\d+$/);
  await page.waitForLoadState('networkidle');
}

export interface Contact {
  name: string;
  phone: string;
  email: string;
}

/** Fills the feedback form as a person would. */
export async function fillFeedback(page: Page, { content, kind = '意见', contact }: { content: string; kind?: string; contact?: Contact }): Promise<void> {
  await page.getByRole('radio', { name: kind }).check();
  await page.getByLabel('反馈内容').fill(content);
  if (!contact) return;
  await page.getByLabel('姓名（选填）').fill(contact.name);
  await page.getByLabel('电话（选填）').fill(contact.phone);
  await page.getByLabel('电子邮箱（选填）').fill(contact.email);
  await page.getByRole('checkbox', { name: '我已阅读并同意以上个人信息说明' }).check();
}

/** An X-Proof header for one submission: a challenge from the server, solved by the page's own solver (in Node's WebCrypto). */
export async function solveProof(): Promise<string> {
  const res = await fetch(`${baseUrl}/api/feedback/challenge`);
  expect(res.status).toBe(200);
  const challenge = (await res.json()) as Parameters<typeof solve>[0];
  const number = await solve(challenge);
  if (number === null) throw new Error(`no solution for the challenge ${JSON.stringify(challenge)}`);
  return proofHeader(challenge, number);
}

/** Goes offline, fills in the form and presses 提交: the page says the feedback is saved. */
export async function sendOffline(page: Page, content: string): Promise<void> {
  await page.context().setOffline(true);
  await fillFeedback(page, { content, kind: '反映问题' });
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await see(page.getByRole('heading', { level: 1, name: '已保存，联网后自动提交' }));
}

/** How many submissions the page's outbox holds. */
export const outboxSize = (page: Page) => page.evaluate(() => (JSON.parse(localStorage.getItem('rw.outbox') ?? '[]') as unknown[]).length);

/** Submits a feedback through the API, as another phone would have, and returns its receipt. */
export async function submitThroughApi(content: string, proof?: string): Promise<{ ref: string; queryCode: string }> {
  const res = await fetch(`${baseUrl}/api/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-proof': proof ?? (await solveProof()) },
    body: JSON.stringify({ noticeSlug: SLUG, itemId: null, kind: 'opinion', content, anonymous: true, consent: false, website: '' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { ref: string; queryCode: string };
}

/** A desk: the staff console's usual screen. */
export const DESK = { width: 1280, height: 900 };

/** A fresh desktop browser, as staff use the console at work. */
export function openDesk(browser: Browser): Promise<Phone> {
  return openPhone(browser, DESK);
}

/**
 * A staff account in the served D1, made by what `npm run staff -- add … --local` runs (the same
 * functions, through the D1 the global setup keeps open: tests/setup/d1-service.ts, without
 * starting the script, wrangler and workerd for it). Returns its one-time password.
 */
export function createStaffAccount(role: 'admin' | 'handler' | 'viewer', what: string): { email: string; password: string } {
  const email = `${what}-${randomUUID().slice(0, 8)}@example.gov.cn`;
  return { email, password: staffAccountSync(inject('d1Url'), { email, role, name: `测试${what}` }) };
}

/**
 * A staff account made as an admin would make the first one: with
 * `npm run staff -- add … --local --persist-to`. Returns its one-time password.
 */
export function createStaffAccountWithCli(role: 'admin' | 'handler' | 'viewer', what: string): { email: string; password: string } {
  const email = `${what}-${randomUUID().slice(0, 8)}@example.gov.cn`;
  const out = execFileSync(
    join(process.cwd(), 'node_modules', '.bin', 'tsx'),
    ['scripts/staff.ts', 'add', '--email', email, '--role', role, '--name', `测试${what}`, '--local', '--persist-to', inject('persistTo')],
    { cwd: process.cwd(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  );
  const password = /^password: (\S+)$/m.exec(out)?.[1];
  if (!password) throw new Error(`no one-time password in the output of scripts/staff.ts:\n${out}`);
  return { email, password };
}

/** Signs in to the staff console, which must be showing its sign-in screen. */
export async function signInToConsole(page: Page, email: string, password: string): Promise<void> {
  await see(page.getByRole('heading', { level: 1, name: '登录' }));
  await page.getByLabel('电子邮箱').fill(email);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

const CONSOLE = '整改监督工作台';

/** Waits until the console's document title names `screen` (with 错误： when it shows errors). */
export async function onScreen(page: Page, screen: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction((t) => document.title === t, `${screen} - ${CONSOLE}`, { timeout });
}

/** The first sign-in of an account made with the CLI, on the console's sign-in screen: the one-time password, then `own`. */
export async function firstSignIn(page: Page, account: { email: string; password: string }, own: string, then = '收件箱'): Promise<void> {
  await signInToConsole(page, account.email, account.password);
  await onScreen(page, '首次登录：设置您的密码');
  await page.getByLabel('一次性密码').fill(account.password);
  await page.getByLabel('新密码').fill(own);
  await page.getByRole('button', { name: '设置密码并进入工作台' }).click();
  await onScreen(page, then);
}

/** A laptop: the screen the clerk triages on (the review's 1366×768). */
export const LAPTOP = { width: 1366, height: 768 };

/** A staff account bound to a department (created if missing), made as createStaffAccount makes one. */
export function createDepartmentAccount(role: 'handler' | 'viewer', what: string, department: string): { email: string; password: string } {
  const email = `${what}-${randomUUID().slice(0, 8)}@example.gov.cn`;
  return { email, password: staffAccountSync(inject('d1Url'), { email, role, name: `测试${what}`, department }) };
}

export interface StoredRow {
  content: string;
  status?: string;
  acknowledgeBy?: string;
  replyBy?: string;
  /** A department by name, which must exist. */
  department?: string;
  receivedAt?: number;
}

/**
 * Feedback written straight into the served D1 (anonymous, on the sample notice), in one statement
 * (after `before`, a statement run in the same request, e.g. making a department);
 * returns their ids and references in the order given. Contents must be unique.
 */
export function storeRows(rows: StoredRow[], before = ''): Array<{ id: number; ref: string }> {
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const values = rows.map((r) => {
    const at = r.receivedAt ?? Date.now();
    const department = r.department ? `(select id from departments where name = ${q(r.department)})` : 'null';
    return `(${q(`BT-${randomUUID().slice(0, 13).toUpperCase()}`)}, 'not a code', (select id from notices where slug = '${SLUG}'), null, 'report', ${q(r.content)}, 1, 'phone', ${at}, ${q(r.status ?? 'new')}, ${q(r.acknowledgeBy ?? '2099-01-01')}, ${q(r.replyBy ?? '2099-02-01')}, ${at}, ${department})`;
  });
  // One request to D1 (each costs wrangler's start-up): the writes, then the read, whose rows are the last result.
  const results = d1Statements(
    `${before ? `${before}; ` : ''}insert into feedback (ref, query_code_hash, notice_id, item_id, kind, content, anonymous, channel, received_at, status, acknowledge_by, reply_by, updated_at, department_id) values ${values.join(', ')};
    select id, ref, content from feedback where content in (${rows.map((r) => q(r.content)).join(', ')})`,
  );
  const found = results[results.length - 1]!;
  return rows.map((r) => {
    const f = found.find((x) => x.content === r.content)!;
    return { id: Number(f.id), ref: String(f.ref) };
  });
}

/** How many of the locator's elements lie wholly within the first screen (the viewport, not scrolled). */
export async function aboveTheFold(page: Page, locator: Locator): Promise<number> {
  const height = page.viewportSize()!.height;
  const boxes = await locator.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().bottom + window.scrollY));
  return boxes.filter((bottom) => bottom <= height).length;
}

/**
 * A web feedback written straight into the served D1 as the console leaves it, in one command
 * run in the background (wrangler takes seconds to start): its row with `columns` (SQL values
 * by column, over a reference, code, the sample notice and far deadlines of its own), then its
 * public events in order, each `[type, from, to, text]` (SQL values). Resolves to its reference and code.
 */
async function storeWithEvents(columns: Record<string, string>, events: Array<[type: string, from: string, to: string, text?: string]>): Promise<{ ref: string; queryCode: string }> {
  const now = Date.now();
  const ref = newRef('DX', shanghaiDate(now));
  const queryCode = newQueryCode();
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const row: Record<string, string> = {
    ref: q(ref), query_code_hash: q(await hashQueryCode(ref, queryCode)), notice_id: `(select id from notices where slug = '${SLUG}')`, kind: "'report'",
    content: q(`浏览器测试 ${randomUUID()}`), anonymous: '1', channel: "'web'", received_at: String(now), acknowledge_by: "'2099-01-01'", reply_by: "'2099-02-01'",
    updated_at: String(now), ...columns,
  };
  const sql = [
    `insert into feedback (${Object.keys(row).join(', ')}) values (${Object.values(row).join(', ')})`,
    ...events.map(([type, from, to, text = 'null']) =>
      `insert into feedback_events (feedback_id, at, type, public, from_status, to_status, text) select id, ${now}, '${type}', 1, ${from}, '${to}', ${text} from feedback where ref = ${q(ref)}`),
  ].join('; ');
  await promisify(execFile)(
    join(process.cwd(), 'node_modules', '.bin', 'wrangler'),
    ['d1', 'execute', 'DB', '--local', '--persist-to', inject('persistTo'), '--json', '--command', sql],
    { cwd: process.cwd(), encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  );
  return { ref, queryCode };
}

/** A feedback the office has accepted, given to its first department and replied to, with those steps on its public timeline. */
export function storeReplied(reply: string): Promise<{ ref: string; queryCode: string }> {
  const now = String(Date.now());
  const text = `'${reply.replace(/'/g, "''")}'`;
  const department = '(select name from departments order by id limit 1)';
  return storeWithEvents(
    { status: "'replied'", accepted_at: now, replied_at: now, reply: text, department_id: '(select min(id) from departments)' },
    [['submitted', 'null', 'new'], ['accepted', "'new'", 'accepted'], ['in_progress', "'accepted'", 'in_progress', department], ['replied', "'in_progress'", 'replied', text]],
  );
}

/** Feedback that staff closed without handling it: 无效 (spam), or a duplicate of `duplicateOf` with its public event naming it. */
export function storeClosedUnhandled(status: 'spam' | 'duplicate', duplicateOf?: string): Promise<{ ref: string; queryCode: string }> {
  const original = duplicateOf === undefined ? 'null' : `'${duplicateOf.replace(/'/g, "''")}'`;
  return storeWithEvents(
    { status: `'${status}'`, duplicate_of_id: duplicateOf === undefined ? 'null' : `(select id from feedback where ref = ${original})` },
    [['submitted', 'null', 'new'], [status, "'new'", status, original]],
  );
}

/** A phone whose browser runs no scripts: what the pages are without JavaScript. */
export async function openPhoneWithoutScripts(browser: Browser): Promise<Phone> {
  const context = await browser.newContext({ viewport: PHONE, baseURL: baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', javaScriptEnabled: false });
  return { context, page: await context.newPage(), cspViolations: [] };
}

/** The rating stored for a feedback, as the API tells its owner. */
export async function ratingOf(ref: string, queryCode: string): Promise<{ rating: number | null; ratingComment: string | null }> {
  const res = await fetch(`${baseUrl}/api/feedback/${ref}`, { headers: { 'x-query-code': queryCode } });
  expect(res.status).toBe(200);
  const { rating, ratingComment } = (await res.json()) as { rating: number | null; ratingComment: string | null };
  return { rating, ratingComment };
}

/** Runs several statements in one request to the served D1; the rows of each, in order. */
export function d1Statements(sql: string): Array<Array<Record<string, unknown>>> {
  const out = execFileSync(
    join(process.cwd(), 'node_modules', '.bin', 'wrangler'),
    ['d1', 'execute', 'DB', '--local', '--persist-to', inject('persistTo'), '--json', '--command', sql],
    { cwd: process.cwd(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  );
  return (JSON.parse(out) as Array<{ results: Array<Record<string, unknown>> }>).map((r) => r.results);
}

/**
 * Axe on a page seen without scripts. axe needs a script of its own, which a browser
 * running none cannot take: the page's HTML as it stands is put into a page of the same
 * origin whose own scripts are blocked (so it stays exactly as served), and checked there.
 */
export async function expectAccessibleWithoutScripts(browser: Browser, page: Page, where: string): Promise<void> {
  const html = await page.content();
  const checker = await openPhone(browser);
  await checker.page.route('**/*.js', (route) => route.abort());
  await checker.page.goto(new URL(page.url()).origin + '/robots.txt');
  await checker.page.setContent(html, { waitUntil: 'load' });
  await expectAccessible(checker.page, where);
  await checker.context.close();
}
