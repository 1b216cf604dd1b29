/**
 * Stripped photos still decode, to the very pixels of the original: Chromium draws each one
 * (createImageBitmap, as the form's redraw will) and the pixels are compared. Needs no server;
 * it lives with the journeys because it needs the browser.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripPhoto } from '../../worker/photos/strip';
import {
  comment, exifApp1, exifChunk, fixtures, hugeExifApp1, itxtChunk, jpegWith, mpfApp2, photoshopApp13, pngWith, textChunk, xmpApp1,
} from '../helpers/photos';
import { launchBrowser } from './helpers';

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
});
afterAll(() => browser?.close());

/** The photo as Chromium decodes it: its size (orientation applied) and a hash of its RGBA pixels. */
async function decode(bytes: Uint8Array, type: string): Promise<{ width: number; height: number; pixels: string }> {
  return page.evaluate(
    async ({ base64, type }) => {
      const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      // FNV-1a, as about:blank has no crypto.subtle: the same pixels give the same hash.
      let hash = 0x811c9dc5;
      for (const byte of rgba) hash = Math.imul(hash ^ byte, 0x01000193);
      return { width: bitmap.width, height: bitmap.height, pixels: (hash >>> 0).toString(16) };
    },
    { base64: btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join('')), type },
  );
}

function stripped(bytes: Uint8Array): Uint8Array {
  const result = stripPhoto(bytes);
  if (!result.ok) throw new Error(result.reason);
  return result.bytes;
}

describe('a stripped photo in Chromium', () => {
  it('a JPEG with XMP, IPTC, a comment, MPF and the largest Exif blocks decodes to the same pixels', async () => {
    const poster = fixtures.posterJpeg();
    const phone = jpegWith(poster, [xmpApp1(), photoshopApp13(), comment(), mpfApp2(), hugeExifApp1(), hugeExifApp1()]);
    const original = await decode(poster, 'image/jpeg');
    expect(original).toMatchObject({ width: 96, height: 64 });
    expect(await decode(phone, 'image/jpeg')).toEqual(original);
    expect(await decode(stripped(phone), 'image/jpeg')).toEqual(original);
  });

  it('a JPEG with a GPS Exif decodes without it, and without its orientation: a photo that skipped the redraw shows as the sensor saw it', async () => {
    const poster = fixtures.posterJpeg();
    const turned = jpegWith(poster, [exifApp1()]); // Orientation 6: turn 90° clockwise to show
    expect(await decode(turned, 'image/jpeg')).toMatchObject({ width: 64, height: 96 });
    expect(await decode(stripped(turned), 'image/jpeg')).toEqual(await decode(poster, 'image/jpeg'));
  });

  it('a PNG with text, XMP and eXIf decodes to the same pixels', async () => {
    const poster = fixtures.posterPng();
    const original = await decode(poster, 'image/png');
    expect(original).toMatchObject({ width: 96, height: 64 });
    expect(await decode(stripped(pngWith(poster, [textChunk(), itxtChunk(), exifChunk()])), 'image/png')).toEqual(original);
  });
});
