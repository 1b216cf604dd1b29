/**
 * Evidence photos on the public side (issue 14). A resident supervising item 二（三）2
 * attaches two photos (a phone's JPEG with Exif, GPS and an orientation tag, and a PNG),
 * loses the connection and presses 提交: the submission is kept on the phone with its
 * photos; back online it is sent, once, with both. Staff see both on the feedback; the
 * tracking page shows both with the query code, with scripts and without; and the stored
 * bytes carry no Exif or GPS. A public progress update's photo shows under it on the notice.
 * The photo code arrives only once a photo is chosen, and each refused file is said beside
 * it, on a 320 px phone too. axe checks each screen. (The outbox's side: photo-outbox.test.ts.)
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { photoMessages } from '../../worker/photos/messages';
import { trackMessages } from '../../worker/track-messages';
import { ascii, fixtures, jpegSegments } from '../helpers/photos';
import { CATEGORY_THREE, createStaffAccount, d1, expectAccessible, feedbackCount, fillFeedback, firstSignIn, gotoHydrated, launchBrowser, NOTICE, openDesk, openPhone, openPhoneWithoutScripts, outboxSize, PART_TWO, see, submitThroughApi, superviseItemTwo, uniqueContent } from './helpers';
import { keptPhotos, loaded, phonePhoto, PHOTO_LABEL, screenshot } from './photo-helpers';

const ITEM_LABEL = '二（三）2';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** The bytes behind an address, as the page fetches them. */
async function bytesOf(page: Page, url: string): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
  const got = await page.evaluate(async (u) => {
    const res = await fetch(u, { credentials: 'same-origin' });
    return { status: res.status, type: res.headers.get('content-type'), bytes: Array.from(new Uint8Array(await res.arrayBuffer())) };
  }, url);
  return { ...got, bytes: Uint8Array.from(got.bytes) };
}

/** Nothing of the phone's metadata: no APP1 (Exif, XMP), no APP13, no comment, and none of the Exif's words anywhere. */
function expectNoMetadata(bytes: Uint8Array) {
  const markers = jpegSegments(bytes).map((s) => s.marker);
  expect(markers).not.toContain(0xe1);
  expect(markers).not.toContain(0xed);
  expect(markers).not.toContain(0xfe);
  const text = String.fromCharCode(...bytes);
  for (const word of ['Exif', 'GPS', 'http://ns.adobe.com']) expect(text).not.toContain(word);
  expect(text).not.toContain(String.fromCharCode(...ascii('MM\0*')));
}

/** Every script and style the page fetched, by file name. */
function fetched(page: Page): string[] {
  const files: string[] = [];
  page.on('request', (r) => files.push(new URL(r.url()).pathname));
  return files;
}

const photoCode = (files: string[]) => files.filter((f) => /\/assets\/photo-(picker|redraw|outbox)-/.test(f));

describe('when I attach two photos, lose the connection and send', () => {
  it('then both are kept with the text, sent when I am back online, seen by staff and on my tracking page, without Exif or GPS', { timeout: 120_000 }, async () => {
    const { page, context, cspViolations } = await openPhone(browser);
    await gotoHydrated(page, NOTICE);
    await superviseItemTwo(page);
    const content = uniqueContent('two photos sent while offline');
    await fillFeedback(page, { content, kind: '反映问题' });

    const field = page.locator('.field').filter({ has: page.getByLabel(PHOTO_LABEL) });
    await expect.poll(() => field.innerText()).toContain('照片中的位置等信息会在上传前删除');
    await page.getByLabel(PHOTO_LABEL).setInputFiles([phonePhoto(), screenshot()]);
    // Redrawn in the browser: the thumbnails are the JPEGs that will be sent, the phone's one turned upright.
    expect(await loaded(field.getByRole('img', { name: `${ITEM_LABEL} 的第 1 张照片` }))).toEqual({ width: 64, height: 96 });
    expect(await loaded(field.getByRole('img', { name: `${ITEM_LABEL} 的第 2 张照片` }))).toEqual({ width: 96, height: 64 });
    await see(field.getByText('已选 2 张，最多 3 张'));
    await expectAccessible(page, 'the form with two photos chosen');

    await context.setOffline(true);
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await see(page.getByRole('heading', { level: 1, name: '已保存，联网后自动提交' }));
    expect(await outboxSize(page)).toBe(1);
    const queued = await page.evaluate(() => JSON.parse(localStorage.getItem('rw.outbox')!) as Array<{ key: string; photos?: number }>);
    expect(queued[0]!.photos).toBe(2);
    // The photos are on the phone, not in localStorage.
    expect(await keptPhotos(page)).toEqual({ [queued[0]!.key]: 2 });
    expect(await page.evaluate(() => localStorage.getItem('rw.outbox')!.length)).toBeLessThan(2000);
    expect(feedbackCount(content)).toBe(0);

    await context.setOffline(false);
    const receipt = await see(page.getByRole('region', { name: '提交成功' }));
    const ref = (await page.getByTestId('ref').textContent())!.trim();
    const queryCode = (await page.getByTestId('query-code').textContent())!.trim();
    await expect.poll(() => receipt.locator('.sent').innerText()).toMatch(/照片\s*2 张/);
    await expectAccessible(page, 'the receipt of a feedback with photos');
    expect(await outboxSize(page)).toBe(0);
    // Once sent, the phone keeps no copy.
    await expect.poll(() => keptPhotos(page)).toEqual({});
    expect(feedbackCount(content)).toBe(1);
    const [{ id }] = d1(`select id from feedback where ref = '${ref}'`) as [{ id: number }];
    const rows = d1(`select name, type, width, height, added_by as addedBy from feedback_attachments where feedback_id = ${id} and storage_key is not null order by id`);
    expect(rows).toEqual([
      { name: '照片1.jpg', type: 'image/jpeg', width: 64, height: 96, addedBy: null },
      { name: '照片2.jpg', type: 'image/jpeg', width: 96, height: 64, addedBy: null },
    ]);

    // The tracking page, with the query code: both photos, through links that carry neither the code nor the reference.
    await page.getByRole('link', { name: '查看办理进度' }).click();
    await see(page.getByRole('heading', { level: 2, name: `${ref}：待受理` }));
    const sent = page.getByRole('region', { name: '照片（2 张）' });
    expect(await loaded(sent.getByRole('img', { name: `${ITEM_LABEL} 的第 1 张照片` }))).toEqual({ width: 64, height: 96 });
    expect(await loaded(sent.getByRole('img', { name: `${ITEM_LABEL} 的第 2 张照片` }))).toEqual({ width: 96, height: 64 });
    await expectAccessible(page, 'the tracking page with two photos');
    for (const img of await sent.getByRole('img').all()) {
      const url = (await img.getAttribute('src'))!;
      expect(url).toMatch(/^\/api\/photos\/[^/]+$/);
      expect(url).not.toContain(ref);
      expect(url).not.toContain(queryCode);
      const photo = await bytesOf(page, url);
      expect(photo.status).toBe(200);
      expect(photo.type).toBe('image/jpeg');
      expectNoMetadata(photo.bytes);
    }
    expect(cspViolations).toEqual([]);
    await context.close();

    // Without scripts, the server's answer to the tracking form shows them too.
    const bare = await openPhoneWithoutScripts(browser);
    await bare.page.goto('/track');
    await bare.page.getByLabel('反馈编号').fill(ref);
    await bare.page.getByLabel('查询码').fill(queryCode);
    await bare.page.getByRole('button', { name: '查询', exact: true }).click();
    const bareSent = await see(bare.page.getByRole('region', { name: '照片（2 张）' }));
    expect(await loaded(bareSent.getByRole('img', { name: `${ITEM_LABEL} 的第 2 张照片` }))).toEqual({ width: 96, height: 64 });
    expect(await bareSent.getByRole('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('loading')))).toEqual(['lazy', 'lazy']);
    await bare.context.close();

    // Staff: the feedback shows both photos.
    const desk = await openDesk(browser);
    const admin = createStaffAccount('admin', 'photojourney');
    await desk.page.goto('/staff/');
    await firstSignIn(desk.page, admin, '公众照片旅程的一句话 2026');
    const detail = await desk.page.evaluate(async (fid) => (await fetch(`/api/staff/feedback/${fid}`)).json(), id);
    const photos = (detail as { photos: Array<{ url: string; addedBy: unknown; width: number; height: number }> }).photos;
    expect(photos.map((p) => [p.width, p.height, p.addedBy])).toEqual([
      [64, 96, null],
      [96, 64, null],
    ]);
    for (const p of photos) expectNoMetadata((await bytesOf(desk.page, p.url)).bytes);
    await desk.page.goto(`/staff/#/feedback/${id}`);
    const section = desk.page.locator('section').filter({ has: desk.page.getByRole('heading', { level: 2, name: '照片' }) });
    await see(section.getByRole('img', { name: `${ITEM_LABEL} 的第 2 张照片` }), 15_000);
    await expect.poll(() => section.getByRole('img', { name: /的第 \d 张照片$/ }).count()).toBe(2);

    // A public progress update on the item, with a photo: the notice shows it under the update, at its public address.
    const itemId = Number(d1(`select item_id as itemId from feedback where id = ${id}`)[0]!.itemId);
    const update = `宣传栏已更换。${uniqueContent('update with a photo')}`;
    const status = await desk.page.evaluate(
      async ({ itemId, update, bytes }) => {
        const made = await fetch(`/api/staff/items/${itemId}/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: update, public: true }) });
        const { id: commentId } = (await made.json()) as { id: number };
        const form = new FormData();
        form.append('photo', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), '宣传栏.jpg');
        return (await fetch(`/api/staff/items/${itemId}/comments/${commentId}/photos`, { method: 'POST', body: form })).status;
      },
      { itemId, update, bytes: Array.from(fixtures.posterJpeg()) },
    );
    expect(status).toBe(201);
    await desk.context.close();

    const reader = await openPhone(browser);
    await gotoHydrated(reader.page, NOTICE);
    const part = reader.page.locator('section.part').filter({ has: reader.page.getByRole('heading', { level: 2, name: PART_TWO }) });
    await part.locator('summary').filter({ hasText: CATEGORY_THREE }).click();
    const updated = reader.page.locator('.updates li').filter({ hasText: update });
    const updatePhoto = updated.getByRole('img', { name: `${ITEM_LABEL} 的第 1 张照片` });
    expect(await loaded(updatePhoto)).toEqual({ width: 96, height: 64 });
    await expect.poll(() => updatePhoto.getAttribute('src')).toMatch(/^\/api\/item-photos\/[0-9a-f]{32}$/);
    await expect.poll(() => updatePhoto.getAttribute('loading')).toBe('lazy');
    await expectAccessible(reader.page, 'the notice with a progress update photo');
    await reader.context.close();
  });
});

describe('when I open the form', () => {
  it('then the photo code is not fetched until I choose a photo', async () => {
    const { page, context } = await openPhone(browser);
    const files = fetched(page);
    await gotoHydrated(page, `${NOTICE}/feedback`);
    await fillFeedback(page, { content: uniqueContent('no photo chosen') });
    await page.waitForLoadState('networkidle');
    expect(photoCode(files)).toEqual([]);

    await page.getByLabel(PHOTO_LABEL).setInputFiles(screenshot());
    await see(page.getByRole('img', { name: '对整份通报的第 1 张照片' }));
    expect(photoCode(files).length).toBeGreaterThan(0);
    await context.close();
  });

  it('then without scripts there is no photo field, as the form sent without them carries text only', async () => {
    const { page, context } = await openPhoneWithoutScripts(browser);
    await page.goto(`${NOTICE}/feedback`);
    await see(page.getByLabel('反馈内容'));
    await expect.poll(() => page.getByLabel(PHOTO_LABEL).count()).toBe(0);
    await context.close();
  });
});

describe('when I choose files that are not photos, or too many', () => {
  it('then each is refused beside its name, 删除 removes a photo, and the page fits a 320 px phone in 大字 mode', async () => {
    const { page, context } = await openPhone(browser, { width: 320, height: 640 });
    await gotoHydrated(page, `${NOTICE}/feedback`);
    await page.getByRole('button', { name: '大字' }).click();
    const input = page.getByLabel(PHOTO_LABEL);
    await input.setInputFiles([
      { name: 'IMG_0041.HEIC', mimeType: 'image/heic', buffer: Buffer.from(fixtures.iphoneHeic()) },
      { name: 'setup.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(fixtures.setupRenamed()) },
      phonePhoto(),
      screenshot(),
    ]);
    const field = page.locator('.field').filter({ has: input });
    await see(field.getByText(`IMG_0041.HEIC：${photoMessages.heic}`));
    await see(field.getByText(`setup.jpg：${photoMessages.malformed}`));
    await see(field.getByRole('img', { name: '对整份通报的第 2 张照片' }));
    await input.setInputFiles([screenshot(), screenshot()]);
    await see(field.getByRole('img', { name: '对整份通报的第 3 张照片' }));
    await see(field.getByText('截图.png：最多 3 张照片，这张没有加入'));
    await expectAccessible(page, 'the form with refused photos, in 大字 mode at 320 px');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

    await field.getByRole('button', { name: '删除第 1 张照片' }).click();
    await see(field.getByText('已选 2 张，最多 3 张'));
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('field-photos');
    await context.close();
  });
});

describe('when the tracking result’s code cannot be fetched (a weak network)', () => {
  it('then the look-up says the network failed rather than showing nothing', async () => {
    const { page, context } = await openPhone(browser);
    await gotoHydrated(page, '/track');
    await page.route('**/assets/track-result-*.js', (route) => route.abort('internetdisconnected'));
    const { ref, queryCode } = await submitThroughApi(uniqueContent('result chunk lost'));
    await page.getByLabel('反馈编号').fill(ref);
    await page.getByLabel('查询码').fill(queryCode);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await see(page.locator('#result').getByText(trackMessages.offline));
    await context.close();
  });
});
