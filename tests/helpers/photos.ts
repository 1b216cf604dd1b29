/**
 * Photo fixtures (tests/fixtures/photos/, base64 as Vite's `?raw` reads files as UTF-8) and a
 * builder that puts into them what phones and editors write: an Exif APP1 with a GPS IFD, XMP,
 * Photoshop's APP13 with IPTC, comments, MPF and a trailer after EOI; PNG text and eXIf chunks.
 */
import { crc32 } from '../../worker/photos/crc32';
import posterJpeg from '../fixtures/photos/poster.jpg.b64?raw';
import posterPng from '../fixtures/photos/poster.png.b64?raw';
import iphoneHeic from '../fixtures/photos/iphone.heic.b64?raw';
import setupRenamed from '../fixtures/photos/setup-renamed.jpg.b64?raw';
import { concatBytes } from '../../worker/lib/bytes';

const fromBase64 = (text: string) => Uint8Array.from(atob(text.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
export const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const utf8 = (text: string) => new TextEncoder().encode(text);

export function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  return concatBytes(parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p))));
}

export const fixtures = {
  /** 96 × 64, from Chromium's canvas.toDataURL('image/jpeg', 0.85): APP0 JFIF, APP2 ICC, DQT, SOF0, DHT, SOS, EOI. */
  posterJpeg: () => fromBase64(posterJpeg),
  /** 96 × 64, from Chromium's canvas.toDataURL('image/png'): IHDR, four IDAT, IEND. */
  posterPng: () => fromBase64(posterPng),
  /** The opening of an iPhone HEIC: ftyp (heic; mif1, heic), the meta box's start. */
  iphoneHeic: () => fromBase64(iphoneHeic),
  /** A Windows program's first bytes (MZ, DOS stub, PE header), named as a photo. */
  setupRenamed: () => fromBase64(setupRenamed),
};

// --- JPEG ---------------------------------------------------------------------------------

/** A marker segment: FF, marker, big-endian length (itself included), payload. */
export function segment(marker: number, payload: Uint8Array): Uint8Array {
  const length = payload.length + 2;
  if (length > 0xffff) throw new Error('a segment holds at most 65533 bytes');
  return concat([0xff, marker, length >> 8, length & 0xff], payload);
}

const be16 = (v: number) => [v >> 8, v & 0xff];
const be32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

/** The GPS tags a phone writes (TIFF 6.0 / Exif 2.3 GPS IFD). */
export const GPS_TAGS = { version: 0x0000, latitudeRef: 0x0001, latitude: 0x0002, longitudeRef: 0x0003, longitude: 0x0004 };

/**
 * An Exif APP1 as a phone writes it: big-endian TIFF; IFD0 with Make, Model, Orientation 6 and a
 * GPS IFD pointer; the GPS IFD at 39°54′27″N 116°23′17″E (Tiananmen, as in the research note).
 */
export function exifApp1(): Uint8Array {
  type Entry = { tag: number; type: number; count: number; value: number[] };
  const entry = (tag: number, type: number, count: number, value: number[]): Entry => ({ tag, type, count, value });
  const rational = (...pairs: [number, number][]) => pairs.flatMap(([n, d]) => [...be32(n), ...be32(d)]);
  const text = (s: string) => [...ascii(s + '\0')];
  // Lays out one IFD at `offset` (from the TIFF header), its long values after it.
  const ifd = (offset: number, entries: Entry[], next = 0) => {
    const head: number[] = [...be16(entries.length)];
    const tail: number[] = [];
    let dataAt = offset + 2 + entries.length * 12 + 4;
    for (const e of entries) {
      head.push(...be16(e.tag), ...be16(e.type), ...be32(e.count));
      if (e.value.length <= 4) head.push(...e.value, ...Array(4 - e.value.length).fill(0));
      else {
        head.push(...be32(dataAt + tail.length));
        tail.push(...e.value, ...(e.value.length % 2 ? [0] : []));
      }
    }
    return [...head, ...be32(next), ...tail];
  };
  const make = text('Xiaomi');
  const model = text('Redmi Note 12');
  const ifd0Size = 2 + 4 * 12 + 4 + make.length + (make.length % 2) + model.length + (model.length % 2);
  const gpsAt = 8 + ifd0Size;
  const ifd0 = ifd(8, [
    entry(0x010f, 2, make.length, make),
    entry(0x0110, 2, model.length, model),
    entry(0x0112, 3, 1, be16(6)),
    entry(0x8825, 4, 1, be32(gpsAt)),
  ]);
  const gps = ifd(gpsAt, [
    entry(GPS_TAGS.version, 1, 4, [2, 3, 0, 0]),
    entry(GPS_TAGS.latitudeRef, 2, 2, text('N')),
    entry(GPS_TAGS.latitude, 5, 3, rational([39, 1], [54, 1], [2700, 100])),
    entry(GPS_TAGS.longitudeRef, 2, 2, text('E')),
    entry(GPS_TAGS.longitude, 5, 3, rational([116, 1], [23, 1], [1700, 100])),
  ]);
  const tiff = [...ascii('MM'), 0, 42, ...be32(8), ...ifd0, ...gps];
  return segment(0xe1, concat(ascii('Exif\0\0'), tiff));
}

/** An XMP APP1 with the location as Adobe's exif: schema writes it. */
export function xmpApp1(): Uint8Array {
  const packet =
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="39,54.45N" exif:GPSLongitude="116,23.2833E"/>' +
    '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>';
  return segment(0xe1, concat(ascii('http://ns.adobe.com/xap/1.0/\0'), utf8(packet)));
}

/** Photoshop's APP13: an 8BIM resource 0x0404 holding IPTC 2:90 (city) and 2:80 (by-line). */
export function photoshopApp13(): Uint8Array {
  const dataset = (n: number, value: string) => { const v = utf8(value); return [0x1c, 2, n, ...be16(v.length), ...v]; };
  const iptc = [...dataset(90, '北京'), ...dataset(80, '张三')];
  const resource = [...ascii('8BIM'), ...be16(0x0404), 0, 0, ...be32(iptc.length), ...iptc, ...(iptc.length % 2 ? [0] : [])];
  return segment(0xed, concat(ascii('Photoshop 3.0\0'), resource));
}

export const comment = () => segment(0xfe, utf8('拍摄于东晓街道 GPS 22.5431,114.0579'));
/** The largest APP1 there can be (65533 bytes of payload), as a camera's maker notes fill it. */
export const hugeExifApp1 = () => segment(0xe1, concat(ascii('Exif\0\0MM\0*'), new Uint8Array(65533 - 10).fill(0x5a)));
/** APP2 MPF: a multi-picture index pointing at images after EOI. */
export const mpfApp2 = () => segment(0xe2, concat(ascii('MPF\0MM\0*'), new Uint8Array(40)));
/** APP0 JFIF with a 2 × 1 RGB thumbnail. */
export const jfifWithThumbnail = () => segment(0xe0, concat(ascii('JFIF\0'), [1, 2, 1, 0, 72, 0, 72, 2, 1], [255, 0, 0, 0, 0, 255]));

/** The JPEG with `segments` inserted after its first APP0 (where phones put them), and `trailer` after EOI. */
export function jpegWith(jpeg: Uint8Array, segments: Uint8Array[], trailer = new Uint8Array()): Uint8Array {
  const app0End = 2 + 2 + ((jpeg[4]! << 8) | jpeg[5]!);
  return concat(jpeg.subarray(0, app0End), ...segments, jpeg.subarray(app0End), trailer);
}

/** Each segment's marker and bytes, read independently of worker/photos (a scan's data joined to its SOS). */
export function jpegSegments(b: Uint8Array): { marker: number; bytes: Uint8Array }[] {
  const out = [{ marker: 0xd8, bytes: b.subarray(0, 2) }];
  let i = 2;
  while (i < b.length) {
    const marker = b[i + 1]!;
    if (marker === 0xd9) { out.push({ marker, bytes: b.subarray(i, i + 2) }); break; }
    let end = i + 2 + ((b[i + 2]! << 8) | b[i + 3]!);
    if (marker === 0xda) while (!(b[end] === 0xff && b[end + 1] !== 0 && !(b[end + 1]! >= 0xd0 && b[end + 1]! <= 0xd7))) end++;
    out.push({ marker, bytes: b.subarray(i, end) });
    i = end;
  }
  return out;
}

// --- PNG ----------------------------------------------------------------------------------

export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const body = concat(ascii(type), data);
  return concat(be32(data.length), body, be32(crc32(body)));
}

/** Each chunk's type and whole bytes, and whether its CRC holds. */
export function pngChunks(b: Uint8Array): { type: string; bytes: Uint8Array; crcOk: boolean }[] {
  const out = [];
  let i = 8;
  while (i + 12 <= b.length) {
    const length = ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
    const end = i + 12 + length;
    const crc = ((b[end - 4]! << 24) | (b[end - 3]! << 16) | (b[end - 2]! << 8) | b[end - 1]!) >>> 0;
    out.push({ type: String.fromCharCode(...b.subarray(i + 4, i + 8)), bytes: b.subarray(i, end), crcOk: crc32(b, i + 4, end - 4) === crc });
    i = end;
  }
  return out;
}

/** The PNG with `chunks` inserted after IHDR, and `trailer` after IEND. */
export function pngWith(png: Uint8Array, chunks: Uint8Array[], trailer = new Uint8Array()): Uint8Array {
  const ihdrEnd = 8 + 25;
  return concat(png.subarray(0, ihdrEnd), ...chunks, png.subarray(ihdrEnd), trailer);
}

export const textChunk = () => pngChunk('tEXt', concat(ascii('Comment\0'), ascii('GPS 22.5431,114.0579')));
export const itxtChunk = () =>
  pngChunk('iTXt', concat(ascii('XML:com.adobe.xmp\0\0\0\0\0'), utf8('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description exif:GPSLatitude="22,32.586N" xmlns:exif="http://ns.adobe.com/exif/1.0/"/></x:xmpmeta>')));
export const ztxtChunk = () => pngChunk('zTXt', concat(ascii('Author\0'), [0], [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
export const exifChunk = () => pngChunk('eXIf', exifApp1().subarray(10));
export const timeChunk = () => pngChunk('tIME', Uint8Array.from([0x07, 0xea, 11, 30, 18, 30, 0]));

/** A PNG declaring 100000 × 100000 px RGBA (40 G pixels) over the poster's few KB of data. */
export function pngBomb(): Uint8Array {
  const png = fixtures.posterPng();
  const ihdr = pngChunk('IHDR', Uint8Array.from([...be32(100_000), ...be32(100_000), 8, 6, 0, 0, 0]));
  return concat(png.subarray(0, 8), ihdr, png.subarray(8 + 25));
}
