/**
 * Evidence photos, server side (worker/photos/): told by their bytes, refused with the words a
 * person reads, and stripped of location and every other metadata without re-encoding.
 */
import { describe, expect, it } from 'vitest';
import { photoMessages } from '../../worker/photos/messages';
import { sniffPhoto } from '../../worker/photos/sniff';
import { stripPhoto } from '../../worker/photos/strip';
import {
  ascii, comment, concat, exifApp1, exifChunk, fixtures, GPS_TAGS, hugeExifApp1, itxtChunk, jfifWithThumbnail,
  jpegSegments, jpegWith, mpfApp2, photoshopApp13, pngBomb, pngChunk, pngChunks, pngWith, segment, textChunk,
  timeChunk, xmpApp1, ztxtChunk,
} from '../helpers/photos';

/** Where `needle` occurs in `hay`, or -1. */
function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

/** The poster JPEG with its SOF0's declared size changed (the scan no longer matches: only the header is read). */
function jpegDeclaring(width: number, height: number): Uint8Array {
  const b = fixtures.posterJpeg();
  const sof = jpegSegments(b).find((s) => s.marker === 0xc0)!.bytes;
  sof.set([height >> 8, height & 0xff, width >> 8, width & 0xff], 5);
  return b;
}

/** The poster JPEG whose SOF0 counts `n` components while its length holds three. */
function jpegWithSofComponents(n: number): Uint8Array {
  const b = fixtures.posterJpeg();
  jpegSegments(b).find((s) => s.marker === 0xc0)!.bytes[9] = n;
  return b;
}

function withMarker(b: Uint8Array, from: number, to: number): Uint8Array {
  const at = jpegSegments(b).find((s) => s.marker === from)!.bytes;
  at[1] = to;
  return b;
}

const poster = fixtures.posterJpeg();
const posterPng = fixtures.posterPng();
const sos = jpegSegments(poster).findIndex((s) => s.marker === 0xda);
const scanStart = poster.length - jpegSegments(poster).slice(sos).reduce((n, s) => n + s.bytes.length, 0);

describe('sniffPhoto: what a photo is, by its bytes', () => {
  it('takes a JPEG and reads its size from the frame header', () =>
    expect(sniffPhoto(poster)).toEqual({ ok: true, kind: 'jpeg', contentType: 'image/jpeg', width: 96, height: 64 }));

  it('takes a PNG and reads its size from IHDR', () =>
    expect(sniffPhoto(posterPng)).toEqual({ ok: true, kind: 'png', contentType: 'image/png', width: 96, height: 64 }));

  it.each([
    ['an iPhone HEIC', fixtures.iphoneHeic(), 'heic'],
    ['a HEIF with brand mif1 only', concat([0, 0, 0, 16], ascii('ftypmif1\0\0\0\0'), ascii('meta')), 'heic'],
    ['an AVIF (compatible brand mif1 too)', concat([0, 0, 0, 24], ascii('ftypavif\0\0\0\0mif1miaf'), ascii('meta')), 'avif'],
    ['an MP4 video', concat([0, 0, 0, 24], ascii('ftypisom\0\0\x02\0isomiso2'), ascii('free')), 'unknown'],
    ['a Windows program renamed .jpg', fixtures.setupRenamed(), 'executable'],
    ['a Linux program', concat([0x7f], ascii('ELF\x02\x01\x01\0')), 'executable'],
    ['a GIF', ascii('GIF89a\x01\0\x01\0\x80\0\0'), 'gif'],
    ['a WebP', ascii('RIFF\x24\0\0\0WEBPVP8 '), 'webp'],
    ['a PDF', ascii('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), 'pdf'],
    ['a ZIP', ascii('PK\x03\x04\x14\0\0\0\x08\0'), 'zip'],
    ['an empty ZIP', ascii('PK\x05\x06\0\0\0\0'), 'zip'],
    ['text', ascii('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'unknown'],
    ['an empty file', new Uint8Array(), 'empty'],
  ] as const)('refuses %s by its content', (_, bytes, reason) => expect(sniffPhoto(bytes)).toEqual({ ok: false, reason }));

  it.each([
    ['cut in its scan data (an upload cut off midway)', poster.subarray(0, scanStart + 200)],
    ['cut in its headers', poster.subarray(0, 100)],
    ['cut just before EOI', poster.subarray(0, poster.length - 2)],
    ['whose segment length runs past the end', concat(poster.subarray(0, 2), [0xff, 0xe1, 0xff, 0xf0], ascii('Exif\0\0'))],
    ['that is only SOI and a marker', Uint8Array.from([0xff, 0xd8, 0xff])],
  ])('refuses a JPEG %s as truncated', (_, bytes) => expect(sniffPhoto(bytes)).toEqual({ ok: false, reason: 'truncated' }));

  it.each([
    ['with bytes between two segments', jpegWith(poster, [Uint8Array.from([0x00, 0x11])])],
    ['with a scan before its frame header', concat(poster.subarray(0, 2), poster.subarray(scanStart))],
    ['with a second SOI', jpegWith(poster, [Uint8Array.from([0xff, 0xd8])])],
    ['with a restart marker outside a scan', jpegWith(poster, [Uint8Array.from([0xff, 0xd0])])],
    ['with a segment length under 2', jpegWith(poster, [Uint8Array.from([0xff, 0xe1, 0x00, 0x01])])],
    ['with a reserved marker', jpegWith(poster, [segment(0x02, new Uint8Array(4))])],
    ['with EOI before any scan', concat(poster.subarray(0, 20), [0xff, 0xd9])],
    ['with a frame header whose length disagrees with its components', jpegWithSofComponents(4)],
    ['with a second frame header', jpegWith(poster, [jpegSegments(poster).find((s) => s.marker === 0xc0)!.bytes])],
  ])('refuses a JPEG %s as malformed', (_, bytes) => expect(sniffPhoto(bytes)).toEqual({ ok: false, reason: 'malformed' }));

  it.each([
    ['lossless (SOF3)', 0xc3],
    ['arithmetic-coded (SOF9)', 0xc9],
    ['hierarchical (SOF5)', 0xc5],
  ])('refuses a %s JPEG as one a browser cannot show', (_, marker) =>
    expect(sniffPhoto(withMarker(fixtures.posterJpeg(), 0xc0, marker))).toEqual({ ok: false, reason: 'unsupportedJpeg' }));

  it.each([
    ['a PNG of 100000 × 100000 px', pngBomb()],
    ['a JPEG 12001 px wide', jpegDeclaring(12_001, 10)],
    ['a JPEG of 8000 × 7000 px (56 MP)', jpegDeclaring(8000, 7000)],
    ['a JPEG of 65535 × 65535 px', jpegDeclaring(65_535, 65_535)],
  ])('refuses %s as a bomb, from its header alone', (_, bytes) => expect(sniffPhoto(bytes)).toEqual({ ok: false, reason: 'tooManyPixels' }));

  it("takes a phone's unreduced 48 MP photo (8064 × 6048) and one 12000 px long", () => {
    expect(sniffPhoto(jpegDeclaring(8064, 6048))).toMatchObject({ ok: true, width: 8064, height: 6048 });
    expect(sniffPhoto(jpegDeclaring(12_000, 4000))).toMatchObject({ ok: true, width: 12_000, height: 4000 });
  });

  it.each([
    ['without IEND', posterPng.subarray(0, posterPng.length - 12), 'truncated'],
    ['cut in an IDAT', posterPng.subarray(0, 2000), 'truncated'],
    ['with a chunk length over 2³¹ − 1', pngWith(posterPng, [Uint8Array.from([0xff, 0xff, 0xff, 0xff, ...ascii('tEXt')])]), 'malformed'],
    ['with a chunk length past the end', pngWith(posterPng, [Uint8Array.from([0x00, 0x10, 0x00, 0x00, ...ascii('tEXt')])]), 'truncated'],
    ['with a wrong CRC', pngWith(posterPng, [textChunk().map((v, i, a) => (i === a.length - 1 ? v ^ 1 : v))]), 'malformed'],
    ['with an unknown critical chunk', pngWith(posterPng, [pngChunk('ABCD', new Uint8Array(2))]), 'malformed'],
    ['with a chunk type that is not letters', pngWith(posterPng, [pngChunk('tE1t', new Uint8Array(2))]), 'malformed'],
    ['whose first chunk is not IHDR', concat(posterPng.subarray(0, 8), posterPng.subarray(33)), 'malformed'],
    ['with an impossible bit depth', concat(posterPng.subarray(0, 8), pngChunk('IHDR', Uint8Array.from([0, 0, 0, 96, 0, 0, 0, 64, 3, 6, 0, 0, 0])), posterPng.subarray(33)), 'malformed'],
    ['without image data', concat(posterPng.subarray(0, 33), posterPng.subarray(posterPng.length - 12)), 'malformed'],
  ])('refuses a PNG %s', (_, bytes, reason) => expect(sniffPhoto(bytes)).toEqual({ ok: false, reason }));

  it('says what to do, in words', () => {
    expect(photoMessages.heic).toBe('暂不支持 HEIC/HEIF 格式的照片，请转换为 JPEG 后上传（苹果手机可在“设置 > 相机 > 格式”中选择“兼容性最佳”）');
    expect(photoMessages.executable).toBe('这个文件是程序，不是照片，不能上传。请上传 JPEG 或 PNG 格式的照片');
    expect(photoMessages.truncated).toBe('照片文件不完整（可能是上传中断），请重新选择这张照片后上传');
    expect(photoMessages.tooManyPixels).toBe('照片尺寸过大：边长不能超过 12000 像素，总像素不能超过 50 百万，请缩小后上传');
  });
});

describe('stripPhoto: a JPEG without its metadata, not re-encoded', () => {
  const phone = jpegWith(poster, [exifApp1(), xmpApp1(), photoshopApp13(), comment(), mpfApp2()], ascii('\0\0SEFHMotion Photo trailer'));

  it('gives back exactly the picture: what the camera added is gone, nothing else moved', () => {
    const stripped = stripPhoto(phone);
    expect(stripped).toMatchObject({ ok: true, kind: 'jpeg', contentType: 'image/jpeg', width: 96, height: 64 });
    if (!stripped.ok) return;
    expect(stripped.bytes).toEqual(poster);
    expect(stripped.removed).toEqual(['APP1', 'APP1', 'APP13', 'COM', 'APP2', 'after EOI']);
  });

  it('leaves no Exif, GPS, XMP, IPTC or comment', () => {
    expect(indexOf(phone, ascii('Exif\0\0'))).toBeGreaterThan(0);
    const { bytes } = stripPhoto(phone) as { bytes: Uint8Array };
    for (const needle of ['Exif\0\0', 'http://ns.adobe.com/xap', '8BIM', 'Photoshop 3.0', 'GPS', 'MPF\0', 'Motion Photo']) expect(indexOf(bytes, ascii(needle))).toBe(-1);
    const markers = jpegSegments(bytes).map((s) => s.marker);
    expect(markers.filter((m) => m === 0xe1 || m === 0xed || m === 0xfe)).toEqual([]);
    // Nor the GPS IFD's entries (tag, type), nor IFD0's pointer to it, anywhere before the scan.
    const gpsLatitude = Uint8Array.from([0, GPS_TAGS.latitude, 0, 5]);
    const gpsPointer = Uint8Array.from([0x88, 0x25, 0, 4]);
    const headOf = (b: Uint8Array) => b.subarray(0, indexOf(b, Uint8Array.from([0xff, 0xda])));
    expect(indexOf(headOf(phone), gpsLatitude)).toBeGreaterThan(0);
    expect(indexOf(headOf(phone), gpsPointer)).toBeGreaterThan(0);
    expect(indexOf(headOf(bytes), gpsLatitude)).toBe(-1);
    expect(indexOf(headOf(bytes), gpsPointer)).toBe(-1);
  });

  it('keeps SOI, the tables, the frame, the scan data and EOI, in order, byte for byte', () => {
    const { bytes } = stripPhoto(phone) as { bytes: Uint8Array };
    const before = jpegSegments(phone).filter((s) => ![0xe1, 0xed, 0xfe].includes(s.marker) && !(s.marker === 0xe2 && s.bytes[4] === 0x4d));
    const after = jpegSegments(bytes);
    expect(after.map((s) => s.marker)).toEqual([0xd8, 0xe0, 0xe2, 0xdb, 0xdb, 0xc0, 0xc4, 0xc4, 0xc4, 0xc4, 0xda, 0xd9]);
    expect(after).toEqual(before);
  });

  it('drops several of the largest APP1 segments there can be (a huge Exif block)', () => {
    const huge = jpegWith(poster, [exifApp1(), hugeExifApp1(), hugeExifApp1(), hugeExifApp1(), hugeExifApp1()]);
    expect(huge.length).toBeGreaterThan(4 * 65_537);
    const stripped = stripPhoto(huge);
    expect(stripped.ok && stripped.bytes).toEqual(poster);
  });

  it('keeps the colour profile (APP2 ICC) and APP14 Adobe, and cuts the JFIF thumbnail', () => {
    const adobe = segment(0xee, concat(ascii('Adobe'), [0, 100, 0, 0, 0, 0, 1]));
    const withThumb = concat(poster.subarray(0, 2), jfifWithThumbnail(), poster.subarray(20));
    const input = jpegWith(withThumb, [adobe, exifApp1()]);
    const stripped = stripPhoto(input);
    if (!stripped.ok) throw new Error(stripped.reason);
    const after = jpegSegments(stripped.bytes);
    expect(after[1]!.bytes).toEqual(segment(0xe0, concat(ascii('JFIF\0'), [1, 2, 1, 0, 72, 0, 72, 0, 0])));
    expect(after.map((s) => s.marker).slice(0, 4)).toEqual([0xd8, 0xe0, 0xee, 0xe2]);
    expect(after[2]!.bytes).toEqual(adobe);
    expect(indexOf(stripped.bytes, ascii('ICC_PROFILE\0'))).toBeGreaterThan(0);
    expect(stripped.removed).toEqual(['APP0 thumbnail', 'APP1']);
  });

  it('copies a scan with stuffed bytes and restart markers as it is, and every scan of a progressive file', () => {
    const soi = [0xff, 0xd8];
    const dqt = segment(0xdb, new Uint8Array(65));
    const sof2 = segment(0xc2, Uint8Array.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0]));
    const dht = segment(0xc4, new Uint8Array(17 + 1));
    const dri = segment(0xdd, Uint8Array.from([0, 1]));
    const scan = (data: number[]) => concat(segment(0xda, Uint8Array.from([1, 1, 0, 0, 63, 0])), data);
    const first = scan([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0x00, 0xff, 0xd1, 0x78]);
    const second = scan([0x9a, 0xff, 0x00]);
    const picture = concat(soi, dqt, sof2, dht, dri, first, dht, second, [0xff, 0xd9]);
    const withExif = concat(soi, exifApp1(), comment(), picture.subarray(2));
    const stripped = stripPhoto(withExif);
    expect(stripped).toMatchObject({ ok: true, width: 8, height: 8 });
    expect(stripped.ok && stripped.bytes).toEqual(picture);
    // Fill bytes before a marker are not copied.
    const filled = concat(picture.subarray(0, picture.length - 2), [0xff, 0xff, 0xff, 0xd9]);
    expect(stripPhoto(filled).ok && (stripPhoto(filled) as { bytes: Uint8Array }).bytes).toEqual(picture);
  });

  it('refuses what it cannot walk rather than pass it through', () => {
    expect(stripPhoto(jpegWith(poster, [exifApp1()]).subarray(0, poster.length))).toEqual({ ok: false, reason: 'truncated' });
    expect(stripPhoto(fixtures.setupRenamed())).toEqual({ ok: false, reason: 'executable' });
    expect(stripPhoto(fixtures.iphoneHeic())).toEqual({ ok: false, reason: 'heic' });
    expect(stripPhoto(pngBomb())).toEqual({ ok: false, reason: 'tooManyPixels' });
  });

  it('leaves the upload as it was', () => {
    const copy = phone.slice();
    stripPhoto(phone);
    expect(phone).toEqual(copy);
  });
});

describe('stripPhoto: a PNG without its text, Exif and time', () => {
  const edited = pngWith(posterPng, [textChunk(), itxtChunk(), ztxtChunk(), exifChunk(), timeChunk()], ascii('trailing bytes'));

  it('gives back exactly the picture, every CRC valid', () => {
    const stripped = stripPhoto(edited);
    expect(stripped).toMatchObject({ ok: true, kind: 'png', contentType: 'image/png', width: 96, height: 64 });
    if (!stripped.ok) return;
    expect(stripped.bytes).toEqual(posterPng);
    expect(stripped.removed).toEqual(['tEXt', 'iTXt', 'zTXt', 'eXIf', 'tIME', 'after IEND']);
    const chunks = pngChunks(stripped.bytes);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IDAT', 'IDAT', 'IDAT', 'IEND']);
    expect(chunks.every((c) => c.crcOk)).toBe(true);
    expect(chunks.map((c) => c.bytes)).toEqual(pngChunks(posterPng).map((c) => c.bytes));
    for (const needle of ['tEXt', 'iTXt', 'zTXt', 'eXIf', 'tIME', 'GPS', 'http://ns.adobe.com']) expect(indexOf(stripped.bytes, ascii(needle))).toBe(-1);
  });

  it('keeps the chunks that change how it looks, in their places', () => {
    const colour = [
      pngChunk('sRGB', Uint8Array.from([0])),
      pngChunk('gAMA', Uint8Array.from([0, 0, 0xb1, 0x8f])),
      pngChunk('cHRM', new Uint8Array(32)),
      pngChunk('iCCP', concat(ascii('ICC profile\0'), [0], [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
      pngChunk('pHYs', Uint8Array.from([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1])),
    ];
    const stripped = stripPhoto(pngWith(posterPng, [colour[0]!, textChunk(), ...colour.slice(1), exifChunk()]));
    expect(stripped.ok && stripped.bytes).toEqual(pngWith(posterPng, colour));
  });
});
