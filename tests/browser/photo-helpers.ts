/**
 * What the photo journeys share (photo-journey.test.ts, photo-outbox.test.ts): the files a
 * person chooses, the photo field's label, an image's decoded size, and the photos the
 * outbox keeps on the phone (IndexedDB, web/public/lib/photo-outbox.ts).
 */
import type { Locator, Page } from 'playwright-core';
import { fixtures, exifApp1, jpegWith } from '../helpers/photos';
import { see } from './helpers';

export const PHOTO_LABEL = '照片（选填，最多 3 张）';

/** 96 × 64 as stored, but its Exif says "turn 90° clockwise", and where it was taken (a GPS IFD). */
export const phonePhoto = () => ({ name: 'IMG_0042.JPG', mimeType: 'image/jpeg', buffer: Buffer.from(jpegWith(fixtures.posterJpeg(), [exifApp1()])) });
export const screenshot = () => ({ name: '截图.png', mimeType: 'image/png', buffer: Buffer.from(fixtures.posterPng()) });

/** Waits until the image has loaded and decoded; its natural size. */
export async function loaded(img: Locator): Promise<{ width: number; height: number }> {
  await see(img);
  await img.evaluate((el: HTMLImageElement) => (el.complete && el.naturalWidth > 0 ? undefined : el.decode()));
  return img.evaluate((el: HTMLImageElement) => ({ width: el.naturalWidth, height: el.naturalHeight }));
}

/** The submissions' photos kept on the phone (lib/photo-outbox.ts): their count per Idempotency-Key. */
export const keptPhotos = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const open = indexedDB.open('rw.photos', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('outbox');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const out: Record<string, number> = {};
          const cursor = open.result.transaction('outbox').objectStore('outbox').openCursor();
          cursor.onsuccess = () => {
            const c = cursor.result;
            if (!c) return (open.result.close(), resolve(out));
            out[String(c.key)] = (c.value as unknown[]).length;
            c.continue();
          };
        };
      }),
  );

