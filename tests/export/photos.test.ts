/**
 * Evidence photos in the ledger and the statistics (issue 14): the 照片 column lists each photo's
 * name and size (已删除 once erased) and the feedback's page in the console, never the bytes, in
 * CSV, XLSX and NDJSON (each photo's staff address there); the statistics count the feedback
 * with photos in the selection and the user's department scope.
 */
import { env } from 'cloudflare:test';
import { utils } from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { photoSize, photosText } from '../../worker/export/ledger';
import { newPhotoKey } from '../../worker/photos/keys';
import { seedSample } from '../helpers/api';
import { createDepartment, json, signedIn, staff, submitPublic, setFeedback, type TestUser } from '../staff/helpers';
import { createNotice } from '../staff/notice-helpers';
import { download, parseCsv, parseNdjson, readXlsx } from './helpers';

let admin: TestUser;
let viewer: TestUser;
let ofDepartment: TestUser;
let department: number;
let notice: string;
let withPhotos: { id: number; ref: string };
let without: { id: number; ref: string };
let photoIds: number[];

/** A photo row: stored (with a key) or erased by retention. */
async function photoRow(feedbackId: number, name: string, size: number, erased = false): Promise<number> {
  const row = await env.DB.prepare('insert into feedback_attachments (feedback_id, name, type, size, storage_key, width, height, erased_at) values (?, ?, ?, ?, ?, 96, 64, ?) returning id')
    .bind(feedbackId, name, 'image/jpeg', size, erased ? null : newPhotoKey('feedback'), erased ? Date.now() : null)
    .first<{ id: number }>();
  return row!.id;
}

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  viewer = await signedIn('viewer');
  department = await createDepartment();
  ofDepartment = await signedIn('handler', { departmentId: department });
  notice = (await createNotice()).slug;
  withPhotos = await submitPublic({ noticeSlug: notice });
  without = await submitPublic({ noticeSlug: notice });
  photoIds = [
    // A name a spreadsheet would run as a formula, first in the cell.
    await photoRow(withPhotos.id, '=HYPERLINK("x").jpg', 2_560_000),
    await photoRow(withPhotos.id, '现场,"宣传栏".jpg', 126_000),
    await photoRow(withPhotos.id, '旧照片.jpg', 50_000, true),
  ];
  // A mail attachment, described only: not a photo.
  await env.DB.prepare("insert into feedback_attachments (feedback_id, name, type, size) values (?, '材料.pdf', 'application/pdf', 4096)").bind(without.id).run();
});

const LINK = () => `http://localhost/staff/#/feedback/${withPhotos.id}`;
const CELL = () => `=HYPERLINK("x").jpg（2.4 MB）；现场,"宣传栏".jpg（123 KB）；旧照片.jpg（已删除）；${LINK()}`;

describe('the 照片 column', () => {
  it('is the last column of the CSV, each photo with its size or 已删除, then the console link; formula-safe; blank without photos', async () => {
    const { text } = await download(`?format=csv&notice=${notice}`, admin.cookie);
    const { rows } = parseCsv(text);
    const at = rows[0]!.indexOf('照片');
    expect(at).toBe(rows[0]!.length - 1);
    const byRef = new Map(rows.slice(1).map((r) => [r[0], r[at]]));
    expect(byRef.get(withPhotos.ref)).toBe(`'${CELL()}`);
    expect(byRef.get(without.ref)).toBe('');
  });

  it('is a text cell in XLSX, never a formula', async () => {
    const { bytes } = await download(`?format=xlsx&notice=${notice}`, admin.cookie);
    const { sheets, workbook } = readXlsx(bytes);
    const rows = sheets['台账']!;
    const at = rows[0]!.indexOf('照片');
    const r = rows.findIndex((row) => row[0] === withPhotos.ref);
    expect(rows[r]![at]).toBe(CELL());
    const cell = workbook.Sheets['台账']![utils.encode_cell({ r, c: at })];
    expect(cell).toMatchObject({ t: 's', v: CELL() });
    expect(cell!.f).toBeUndefined();
  });

  it("is `photos` in NDJSON: each name, size and staff address (null once erased), the same for viewers", async () => {
    for (const user of [admin, viewer]) {
      const { text } = await download(`?format=ndjson&notice=${notice}`, user.cookie);
      const lines = new Map(parseNdjson(text).map((l) => [l.ref, l.photos]));
      expect(lines.get(withPhotos.ref)).toEqual([
        { name: '=HYPERLINK("x").jpg', size: 2_560_000, url: `http://localhost/api/staff/feedback/${withPhotos.id}/photos/${photoIds[0]}` },
        { name: '现场,"宣传栏".jpg', size: 126_000, url: `http://localhost/api/staff/feedback/${withPhotos.id}/photos/${photoIds[1]}` },
        { name: '旧照片.jpg', size: 50_000, url: null },
      ]);
      expect(lines.get(without.ref)).toEqual([]);
    }
  });

  it('writes sizes as people read them', () => {
    expect([1, 1023, 1024, 126_000, 1024 * 1024 - 1, 1024 * 1024, 2_560_000, 8 * 1024 * 1024].map(photoSize)).toEqual([
      '1 KB', '1 KB', '1 KB', '123 KB', '1024 KB', '1.0 MB', '2.4 MB', '8.0 MB',
    ]);
    expect(photosText({ photos: [], photosLink: null })).toBeNull();
  });
});

describe('statistics', () => {
  it('count the feedback with photos (erased ones included) in the selection', async () => {
    const stats = await json<{ total: number; withPhotos: number }>(await staff(`/stats?notice=${notice}`, { cookie: admin.cookie }));
    expect(stats).toMatchObject({ total: 2, withPhotos: 1 });
  });

  it("count only the user's department's", async () => {
    const own = await submitPublic({ noticeSlug: notice });
    await setFeedback(own.id, { department_id: department });
    await photoRow(own.id, '本部门.jpg', 1000, true);
    const ownNoPhoto = await submitPublic({ noticeSlug: notice });
    await setFeedback(ownNoPhoto.id, { department_id: department });

    const scoped = await json<{ total: number; withPhotos: number }>(await staff(`/stats?notice=${notice}`, { cookie: ofDepartment.cookie }));
    expect(scoped).toMatchObject({ total: 2, withPhotos: 1 });
    const all = await json<{ total: number; withPhotos: number }>(await staff(`/stats?notice=${notice}`, { cookie: admin.cookie }));
    expect(all).toMatchObject({ total: 4, withPhotos: 2 });
  });
});
