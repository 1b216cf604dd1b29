/**
 * Evidence photos in the console (issue 14). A clerk logs a phone call about item
 * 二（三）2: a HEIC the browser cannot draw is named beside it and holds the entry
 * back until removed; a phone's photo (Exif with GPS, turned by its orientation
 * tag) is redrawn before upload, so the stored photo is upright and carries
 * nothing but the picture; the feedback page shows it through the authorised
 * route, says that viewing is audited, and the audit log has the view (one per
 * fetch; the overlay adds none). 添加照片 shows a refusal beside the photo it
 * names, then adds the photo. Then a
 * public progress update on the item with a photo: the form says such photos are
 * public, and the notice's API and its page show the photo at its public address.
 * An internal note whose photo the store could not take stands, and its photo is
 * sent again to it (and then read through the staff route). axe checks each
 * console screen.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMessages } from '../../worker/messages';
import { photoMessages, photoUploadMessages } from '../../worker/photos/messages';
import { staffPhotoMessages } from '../../worker/staff/photo-messages';
import { consoleMessages } from '../../web/staff/lib/messages';
import { exifApp1, fixtures, jpegSegments, jpegWith } from '../helpers/photos';
import {
  baseUrl, CATEGORY_THREE, createStaffAccount, d1, expectAccessible, feedbackCount, firstSignIn, gotoHydrated, ITEM_TITLE, launchBrowser, NOTICE, onScreen, openDesk, openPhone, PART_TWO, PHONE, see, SLUG, uniqueContent,
} from './helpers';

const ITEM_LABEL = '二（三）2';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** 96 × 64 as stored, but a phone's Exif says "turn 90° clockwise" and where it was taken. */
const phonePhoto = () => ({ name: 'IMG_0042.JPG', mimeType: 'image/jpeg', buffer: Buffer.from(jpegWith(fixtures.posterJpeg(), [exifApp1()])) });

/** Waits until the image has loaded and decoded; its natural size. */
async function loaded(img: Locator): Promise<{ width: number; height: number }> {
  await see(img);
  await img.evaluate((el: HTMLImageElement) => (el.complete && el.naturalWidth > 0 ? undefined : el.decode()));
  return img.evaluate((el: HTMLImageElement) => ({ width: el.naturalWidth, height: el.naturalHeight }));
}

/** The photo's bytes as the page's own session fetches them. */
async function bytesOf(page: Page, url: string): Promise<{ status: number; type: string | null; bytes: number[] }> {
  return page.evaluate(async (u) => {
    const res = await fetch(u, { credentials: 'same-origin' });
    return { status: res.status, type: res.headers.get('content-type'), bytes: Array.from(new Uint8Array(await res.arrayBuffer())) };
  }, url);
}

const photoViews = (feedbackId: number) =>
  Number(d1(`select count(*) as n from audit_log where action = 'feedback.photo_view' and target_id = '${feedbackId}'`)[0]!.n);

describe('when a clerk logs a phone call with a photo taken on a phone', () => {
  it('then the feedback page shows the photo upright and without its metadata, and each view is audited', async () => {
    const content = uniqueContent('manual entry with a photo');
    const clerk = createStaffAccount('handler', 'photoclerk');
    const { page, context, cspViolations } = await openDesk(browser);
    await page.goto('/staff/');
    await firstSignIn(page, clerk, '录入照片用的一句话 2026');

    await page.getByRole('navigation', { name: '工作台' }).getByRole('link', { name: '录入反馈' }).click();
    await onScreen(page, '录入反馈');
    await page.getByRole('radio', { name: '电话' }).check();
    await page.getByLabel('反映的是哪一项').selectOption({ label: `${ITEM_LABEL} ${ITEM_TITLE}` });
    await page.getByRole('radio', { name: '反映问题' }).check();
    await page.getByLabel('反馈内容').fill(content);
    await page.getByLabel('反映人要求匿名（不记录姓名和联系方式）').check();

    const field = page.locator('.photo-field');
    await expect.poll(() => field.innerText()).toContain('照片中的位置、拍摄设备等信息会在上传前删除');
    // An iPhone's HEIC, which this browser cannot draw: said beside it, and the entry waits until it is removed.
    await page.getByLabel('照片（选填）').setInputFiles({ name: 'IMG_0041.HEIC', mimeType: 'image/heic', buffer: Buffer.from(fixtures.iphoneHeic()) });
    const heic = field.locator('li.photo').filter({ hasText: 'IMG_0041.jpg' });
    expect(await (await see(heic.locator('.field-error'))).textContent()).toBe(`错误：${photoMessages.heic}`);
    await page.getByRole('button', { name: '录入', exact: true }).click();
    await see(page.getByRole('alert').filter({ hasText: consoleMessages.photoRemoveUnreadable }));
    await expectAccessible(page, 'manual entry with an unreadable photo');
    await heic.getByRole('button', { name: '移除 照片 IMG_0041.jpg' }).click();
    expect(await feedbackCount(content)).toBe(0);
    await page.getByLabel('照片（选填）').setInputFiles(phonePhoto());
    // Redrawn in the browser: its thumbnail is the upright JPEG that will be sent.
    const chosen = field.getByRole('img', { name: `${ITEM_LABEL} 的第 1 张照片` });
    expect(await loaded(chosen)).toEqual({ width: 64, height: 96 });
    await see(field.locator('.photo-name').filter({ hasText: 'IMG_0042.jpg' }));
    await expectAccessible(page, 'manual entry with a photo chosen');

    await page.getByRole('button', { name: '录入', exact: true }).click();
    await onScreen(page, '录入成功');
    await see(page.getByText('已上传 1 张照片。'));
    await expectAccessible(page, 'the receipt with its photo uploaded');

    await page.getByRole('link', { name: '查看这条反馈' }).click();
    await page.waitForURL(/#\/feedback\/\d+$/);
    const id = Number(/#\/feedback\/(\d+)$/.exec(page.url())![1]);
    const photos = page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: '照片' }) });
    const thumb = photos.getByRole('img', { name: `${ITEM_LABEL} 的第 1 张照片` });
    expect(await loaded(thumb)).toEqual({ width: 64, height: 96 });
    const text = await photos.innerText();
    expect(text).toContain('查看照片会记入审计日志');
    expect(text).toContain('IMG_0042.jpg');
    expect(text).toContain('测试photoclerk 添加');
    await expectAccessible(page, 'the feedback page with its photo');

    const url = (await thumb.getAttribute('src'))!;
    expect(url).toBe(`/api/staff/feedback/${id}/photos/${/\/photos\/(\d+)$/.exec(url)![1]}`);
    // Audited before a byte is served: once the thumbnail is shown, its view is in the log.
    expect(photoViews(id)).toBe(1);

    // The overlay shows it full size, and closes; the browser shows what it already has, so no second view.
    await photos.getByRole('button', { name: `${ITEM_LABEL} 的第 1 张照片` }).click();
    const overlay = await see(page.getByRole('dialog', { name: `${ITEM_LABEL} 的第 1 张照片` }));
    await expectAccessible(page, 'the photo overlay');
    await overlay.getByRole('button', { name: '关闭' }).click();
    await overlay.waitFor({ state: 'hidden' });
    expect(photoViews(id)).toBe(1);

    // 添加照片: a refusal names the photo it is about, beside it (here the server's answer is staged: the redraw never sends a broken JPEG).
    const add = photos.getByRole('form', { name: '添加照片' });
    await add.getByLabel('选择照片').setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: Buffer.from(fixtures.posterPng()) });
    await loaded(add.getByRole('img', { name: `${ITEM_LABEL} 的第 2 张照片` }));
    const refusal = {
      error: {
        code: 'validation_failed',
        message: errorMessages.validation,
        fields: { photos: photoUploadMessages.refused(1, photoMessages.malformed) },
        photos: [{ index: 0, reason: 'malformed', message: photoMessages.malformed }],
      },
    };
    const uploads = `**/api/staff/feedback/${id}/photos`;
    await page.route(uploads, (route) => route.fulfill({ status: 422, contentType: 'application/json', body: JSON.stringify(refusal) }));
    await add.getByRole('button', { name: '上传照片' }).click();
    await see(add.getByRole('alert').getByRole('link', { name: refusal.error.fields.photos }));
    expect(await add.locator('li.photo').filter({ hasText: 'poster.jpg' }).locator('.field-error').textContent()).toBe(`错误：${photoMessages.malformed}`);
    await onScreen(page, `错误：反馈 ${await page.locator('h1 .ref').innerText()}`);
    await expectAccessible(page, 'an upload refused photo by photo');
    await page.unroute(uploads);
    await add.getByRole('button', { name: '上传照片' }).click();
    await see(page.locator('.flash').filter({ hasText: '已上传 1 张照片' }));
    expect(await loaded(photos.getByRole('img', { name: `${ITEM_LABEL} 的第 2 张照片` }))).toEqual({ width: 96, height: 64 });
    await expect.poll(() => photos.getByRole('list', { name: '这条反馈的照片' }).getByRole('listitem').count()).toBe(2);

    // What is stored is the redrawn JPEG: no Exif (so no GPS), and each fetch is one more audited view.
    const before = photoViews(id);
    const served = await bytesOf(page, url);
    expect(served.status).toBe(200);
    expect(served.type).toBe('image/jpeg');
    const markers = jpegSegments(Uint8Array.from(served.bytes)).map((s) => s.marker);
    expect(markers).not.toContain(0xe1);
    expect(String.fromCharCode(...served.bytes)).not.toContain('Exif');
    await expect.poll(() => photoViews(id)).toBe(before + 1);

    // Once the retention erasure has removed the second photo, its place says so, and nothing more is fetched.
    d1(`update feedback_attachments set storage_key = null, erased_at = ${Date.now()} where feedback_id = ${id} and name = 'poster.jpg'`);
    await page.reload();
    await loaded(thumb);
    const erased = photos.getByRole('listitem').filter({ hasText: 'poster.jpg' });
    expect(await (await see(erased)).innerText()).toContain('已按期删除');
    await expect.poll(() => erased.getByRole('img').count()).toBe(0);
    await expect.poll(() => photos.getByRole('img').count()).toBe(1);
    await expectAccessible(page, 'the feedback page with an erased photo');
    // On a phone, the photos need no sideways scrolling.
    await page.setViewportSize(PHONE);
    const { scrollWidth, viewport } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(viewport);

    expect(cspViolations).toEqual([]);
    await context.close();
  });
});

/** Finds, anywhere in the notice API's answer, the progress update with this text. */
function updateWith(notice: unknown, body: string): { photos?: Array<{ url: string; width: number | null; height: number | null }> } | null {
  if (!notice || typeof notice !== 'object') return null;
  if ((notice as { body?: unknown }).body === body) return notice as never;
  for (const v of Object.values(notice)) {
    const found = updateWith(v, body);
    if (found) return found;
  }
  return null;
}

describe('when an admin publishes a progress update on an item with a photo', () => {
  it('then the form says the photo will be public, the update shows it, and the notice page and its API show it at its public address', async () => {
    const body = uniqueContent('progress update with a photo');
    const admin = createStaffAccount('admin', 'photoupdate');
    const { page, context, cspViolations } = await openDesk(browser);
    await page.goto('/staff/');
    await firstSignIn(page, admin, '发布进展照片用的一句话 2026');

    await page.getByRole('navigation', { name: '工作台' }).getByRole('link', { name: '整改事项' }).click();
    await onScreen(page, '整改事项');
    const card = page.getByRole('article', { name: `${ITEM_LABEL} ${ITEM_TITLE}` });
    await card.locator('summary').filter({ hasText: '说明与整改进展' }).click();
    await card.getByLabel('添加说明').fill(body);
    await card.getByRole('radio', { name: '公开（整改进展）' }).check();
    await card.getByLabel('照片（选填）').setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: Buffer.from(fixtures.posterPng()) });
    // The chosen photo's preview; the item may already show photos of earlier updates (other journeys').
    await loaded(card.getByRole('list', { name: '已选择的照片' }).getByRole('img', { name: `${ITEM_LABEL} 的第 1 张照片` }));
    expect(await (await see(card.locator('.photo-public-warning'))).innerText()).toContain('公开进展中的照片所有人可见');
    await expectAccessible(page, 'a public progress update with a photo chosen');

    await card.getByRole('button', { name: '添加说明' }).click();
    await see(page.locator('.flash').filter({ hasText: '已发布，通报页面该事项下方已显示这条进展和 1 张照片' }));
    const update = card.locator('.notes li').filter({ hasText: body });
    const shown = update.getByRole('img', { name: `${ITEM_LABEL} 的第 1 张照片` });
    expect(await loaded(shown)).toEqual({ width: 96, height: 64 });
    const url = (await shown.getAttribute('src'))!;
    expect(url).toMatch(/^\/api\/item-photos\/[0-9a-f]{32}$/);
    await expectAccessible(page, 'the item with its public update and photo');

    // An internal note whose photo the store could not take (staged): the note stands, the photo waits to be sent again.
    const note = uniqueContent('internal note with a photo');
    await card.getByLabel('添加说明').fill(note);
    await card.getByRole('radio', { name: '仅工作人员（内部说明）' }).check();
    await card.getByLabel('照片（选填）').setInputFiles({ name: 'poster.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(fixtures.posterJpeg()) });
    await loaded(card.locator('.photo-field').getByRole('img', { name: `${ITEM_LABEL} 的第 1 张照片` }));
    const commentUploads = '**/api/staff/items/*/comments/*/photos';
    const storeDown = { error: { code: 'photo_store_unavailable', message: staffPhotoMessages.storeUnavailable } };
    await page.route(commentUploads, (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify(storeDown) }));
    await card.getByRole('button', { name: '添加说明' }).click();
    await see(card.getByRole('alert').filter({ hasText: staffPhotoMessages.storeUnavailable }));
    await see(card.getByText('说明已添加，但照片没有上传成功'));
    await see(card.locator('.notes li').filter({ hasText: note }));
    await expectAccessible(page, 'an internal note whose photo was not stored');
    await page.unroute(commentUploads);
    await card.getByRole('button', { name: '重新上传照片' }).click();
    await see(page.locator('.flash').filter({ hasText: '已添加内部说明和 1 张照片' }));
    const internal = card.locator('.notes li').filter({ hasText: note }).getByRole('img', { name: `${ITEM_LABEL} 的第 1 张照片` });
    expect(await loaded(internal)).toEqual({ width: 96, height: 64 });
    await expect.poll(() => internal.getAttribute('src')).toMatch(/^\/api\/staff\/items\/\d+\/comments\/\d+\/photos\/\d+$/);
    await see(card.getByLabel('添加说明'));

    // The public read it without a session.
    await expect
      .poll(async () => {
        const notice = await (await fetch(`${baseUrl}/api/notices/${SLUG}`)).json();
        return updateWith(notice, body)?.photos?.map((p) => p.url) ?? null;
      })
      .toEqual([url]);
    const res = await fetch(`${baseUrl}${url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(cspViolations).toEqual([]);
    await context.close();

    // On the notice page, under the item, for everyone.
    const reader = await openPhone(browser);
    await gotoHydrated(reader.page, NOTICE);
    const part = reader.page.locator('section.part').filter({ has: reader.page.getByRole('heading', { level: 2, name: PART_TWO }) });
    await part.locator('summary').filter({ hasText: CATEGORY_THREE }).click();
    const onNotice = part.getByRole('article', { name: ITEM_TITLE }).locator('li').filter({ hasText: body }).getByRole('img', { name: `${ITEM_LABEL} 的第 1 张照片` });
    await onNotice.scrollIntoViewIfNeeded();
    expect(await loaded(onNotice)).toEqual({ width: 96, height: 64 });
    await expect.poll(() => onNotice.getAttribute('src')).toBe(url);
    expect(reader.cspViolations).toEqual([]);
    await reader.context.close();
  });
});
