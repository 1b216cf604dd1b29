/**
 * Journey 2: with the reference and query code from a receipt, I see where my
 * feedback stands: by typing them in, or by opening the receipt's link, which
 * carries the code in the fragment (never sent to the server, and dropped from the
 * address once read). On a network that takes the look-up and never answers, 查询
 * says it is under way, then the page says the network failed.
 */
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMessages } from '../../worker/messages';
import { trackMessages } from '../../worker/track-messages';
import { LOOK_UP_TIMEOUT_MS } from '../../web/public/lib/track-api';
import { trackLink } from '../../web/public/lib/track-link';
import { expectAccessible, expectAccessibleWithoutScripts, gotoHydrated, launchBrowser, openPhone, openPhoneWithoutScripts, see, storeClosedUnhandled, submitThroughApi, uniqueContent } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function typeAndLookUp(page: Page, ref: string, code: string): Promise<void> {
  await page.getByLabel('反馈编号').fill(ref);
  await page.getByLabel('查询码').fill(code);
  await page.getByRole('button', { name: '查询', exact: true }).click();
}

/** What the result shows, line by line. */
const resultText = (page: Page) => page.locator('section.result').innerText();

describe('when I type my reference and query code into the track page', () => {
  it('then I see my feedback 待受理, its deadlines and the timeline; the receipt’s link shows the same', async () => {
    const content = uniqueContent('tracked by reference and code');
    const { ref, queryCode } = await submitThroughApi(content);
    const { page, context, cspViolations } = await openPhone(browser);
    await gotoHydrated(page, '/track');
    await expect.poll(() => page.title()).toBe('查询反馈 - 整改监督');
    await expectAccessible(page, 'the empty track page');

    await typeAndLookUp(page, ref, queryCode);
    await see(page.getByRole('heading', { level: 2, name: `${ref}：待受理` }));
    await expect.poll(() => page.locator('blockquote').textContent()).toBe(content);
    await expect.poll(() => page.locator('section.result').textContent()).toMatch(/我们将在 \d{4}年\d{1,2}月\d{1,2}日 前告知是否受理；自受理之日起 60 日内答复您。/);
    await expect.poll(() => page.getByRole('heading', { level: 3, name: '办理记录' }).count()).toBe(1);
    expect(await page.locator('.timeline li > div').allTextContents()).toEqual([expect.stringMatching(/^\d{4}年\d{1,2}月\d{1,2}日 收到您的反馈$/)]);
    await expectAccessible(page, 'the track page with a result');
    const typed = await resultText(page);

    const linked = await context.newPage();
    await gotoHydrated(linked, trackLink(ref, queryCode));
    await see(linked.getByRole('heading', { level: 2, name: `${ref}：待受理` }));
    expect(await resultText(linked)).toBe(typed);
    await expect.poll(() => linked.getByLabel('反馈编号').inputValue()).toBe(ref);
    expect(linked.url()).toMatch(/\/track$/);
    await expectAccessible(linked, 'the track page opened from a link');
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('then it accepts the code in lower case and without dashes, as people copy it', async () => {
    const { ref, queryCode } = await submitThroughApi(uniqueContent('tracked with a loosely typed code'));
    const { page, context } = await openPhone(browser);
    await gotoHydrated(page, '/track');
    await typeAndLookUp(page, ` ${ref.toLowerCase()} `, queryCode.replace(/-/g, '').toLowerCase());
    await see(page.getByRole('heading', { level: 2, name: `${ref}：待受理` }));
    await context.close();
  });
});

describe('when I type a query code that does not match', () => {
  it('then I am told to check the reference and code, and the title starts with 错误：', async () => {
    const { ref } = await submitThroughApi(uniqueContent('tracked with a wrong code'));
    const { page, context } = await openPhone(browser);
    await gotoHydrated(page, '/track');
    await typeAndLookUp(page, ref, 'AAAA-BBBB-CCCC');

    const alert = await (await see(page.getByRole('alert'))).innerText();
    expect(alert).toContain(errorMessages.feedbackNotFound);
    expect(alert).toMatch(/本小时内还可以再试 \d 次/);
    expect(alert).toContain('忘记查询码？请致电中共深圳市罗湖区东晓街道工作委员会 0755-25772603');
    await expect.poll(() => page.title()).toBe('错误：查询反馈 - 整改监督');
    await expect.poll(() => page.locator('section.result').count()).toBe(0);
    await expectAccessible(page, 'the track page with an error');
    await context.close();
  });
});

describe('when the result’s code never arrives', () => {
  it('then a wrong code is still told at once, and a found feedback says the network failed after the look-up’s timeout', async () => {
    const { ref, queryCode } = await submitThroughApi(uniqueContent('tracked while the result code hangs'));
    const { page, context } = await openPhone(browser);
    await page.clock.install();
    await gotoHydrated(page, '/track');
    // The result's chunk is asked for and never answered (as a weak network, or wrangler dev once in a while, does).
    const held: Route[] = [];
    await page.route('**/assets/track-result-*.js', (route) => void held.push(route));
    await typeAndLookUp(page, ref, 'AAAA-BBBB-CCCC');
    expect(await (await see(page.getByRole('alert'))).innerText()).toContain(errorMessages.feedbackNotFound);
    expect(held.length).toBeGreaterThan(0);

    // The look-up itself is answered first: were the clock run before, the look-up's own timeout would fire instead.
    const answered = page.waitForResponse((response) => response.url().includes('/api/feedback/') && response.status() === 200);
    await typeAndLookUp(page, ref, queryCode);
    await answered;
    await see(page.getByRole('button', { name: trackMessages.looking }));
    await page.clock.runFor(LOOK_UP_TIMEOUT_MS + 1_000);
    await see(page.locator('#result').filter({ hasText: trackMessages.offline }));
    await context.close();
  });
});

describe('when the network takes my look-up and never answers', () => {
  it('then 查询 says 正在查询… and waits, the page says the network failed after its timeout, and the next try works', async () => {
    const { ref, queryCode } = await submitThroughApi(uniqueContent('tracked on a network that hangs'));
    const { page, context } = await openPhone(browser);
    // Before the page loads, so that its timers follow this clock.
    await page.clock.install();
    await gotoHydrated(page, '/track');
    const held: Route[] = [];
    await page.route('**/api/feedback/*', (route) => void held.push(route));
    await typeAndLookUp(page, ref, queryCode);

    const busy = page.getByRole('button', { name: trackMessages.looking });
    await see(busy);
    await expect.poll(() => busy.isDisabled()).toBe(true);
    expect(held).toHaveLength(1);
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);

    await page.clock.runFor(LOOK_UP_TIMEOUT_MS);
    const alert = await (await see(page.getByRole('alert'))).innerText();
    expect(alert).toContain(trackMessages.offline);
    const again = page.getByRole('button', { name: '查询', exact: true });
    await expect.poll(() => again.isEnabled()).toBe(true);

    await page.unroute('**/api/feedback/*');
    await again.click();
    await see(page.getByRole('heading', { level: 2, name: `${ref}：待受理` }));
    await context.close();
  });
});

describe('when staff closed my feedback without handling it', () => {
  it('then a duplicate tells me which reference the matter is handled under and whom to call, with scripts and without', async () => {
    const original = await submitThroughApi(uniqueContent('the matter raised first'));
    const { ref, queryCode } = await storeClosedUnhandled('duplicate', original.ref);
    const said = trackMessages.duplicate(original.ref);

    const { page, context } = await openPhone(browser);
    await gotoHydrated(page, '/track');
    await typeAndLookUp(page, ref, queryCode);
    await see(page.getByRole('heading', { level: 2, name: `${ref}：重复` }));
    const result = page.locator('section.result');
    await expect.poll(() => result.innerText()).toContain(said);
    await expect.poll(() => result.getByRole('link', { name: '0755-25772603' }).getAttribute('href')).toBe('tel:075525772603');
    await expect.poll(() => result.innerText()).toContain(trackMessages.notSameMatter);
    await expectAccessible(page, 'a duplicate on the track page');

    const bare = await openPhoneWithoutScripts(browser);
    await bare.page.goto('/track');
    await typeAndLookUp(bare.page, ref, queryCode);
    await see(bare.page.getByRole('heading', { level: 2, name: `${ref}：重复` }));
    await expect.poll(() => bare.page.locator('section.result').innerText()).toContain(said);
    await expect.poll(() => bare.page.locator('section.result').getByRole('link', { name: '0755-25772603' }).count()).toBe(1);
    await expectAccessibleWithoutScripts(browser, bare.page, 'a duplicate on the track page without scripts');
    await Promise.all([context.close(), bare.context.close()]);
  });

  it('then 无效 tells me it was judged not to be an opinion on the rectification and whom to call if that is wrong', async () => {
    const { ref, queryCode } = await storeClosedUnhandled('spam');
    const { page, context } = await openPhone(browser);
    await gotoHydrated(page, '/track');
    await typeAndLookUp(page, ref, queryCode);
    await see(page.getByRole('heading', { level: 2, name: `${ref}：无效` }));
    const result = page.locator('section.result');
    await expect.poll(() => result.innerText()).toContain(trackMessages.spam);
    await expect.poll(() => result.innerText()).toContain(trackMessages.judgedWrongly);
    await expect.poll(() => result.getByRole('link', { name: '0755-25772603' }).getAttribute('href')).toBe('tel:075525772603');
    await expectAccessible(page, '无效 on the track page');
    await context.close();
  });
});
