/**
 * Every item in the ledger (CSV, XLSX, NDJSON) and in the statistics is named by
 * its full label, part, category and number (二（三）2), never by the bare "2."
 * that four items of the sample share.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, seedSample, SLUG } from '../helpers/api';
import { createDepartment, json, signedIn, staff, submitPublic, setFeedback, type TestUser } from '../staff/helpers';
import { download, parseCsv, parseNdjson, readXlsx } from './helpers';

interface NoticeJson {
  parts: Array<{ label: string; items: Array<{ id: number; label: string; title: string }>; categories: Array<{ label: string; items: Array<{ id: number; label: string; title: string }> }> }>;
}

/** The numbering without its trailing separator, brackets full-width: worked out here, apart from the worker's own. */
const bare = (label: string) => label.trim().replace(/[、.．]+$/u, '').replace(/\(/g, '（').replace(/\)/g, '）');

let admin: TestUser;
let department: number;
/** Item id → the heading every export and statistic must show. */
const headings = new Map<number, string>();

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  department = await createDepartment();
  const notice = (await (await call(`/api/notices/${SLUG}`)).json()) as NoticeJson;
  for (const part of notice.parts) {
    for (const item of part.items) headings.set(item.id, `${bare(part.label)}${bare(item.label)} ${item.title}`);
    for (const category of part.categories) {
      for (const item of category.items) headings.set(item.id, `${bare(part.label)}${bare(category.label)}${bare(item.label)} ${item.title}`);
    }
  }
  expect(headings.size).toBeGreaterThanOrEqual(12);
  for (const itemId of [...headings.keys(), null]) {
    const f = await submitPublic({ itemId });
    await setFeedback(f.id, { department_id: department });
  }
});

const expected = () => [...headings.values(), '整份通报'].sort();

describe('full item labels', () => {
  it('name every item in the CSV ledger, each one differently', async () => {
    const { rows } = parseCsv((await download(`?format=csv&department=${department}`, admin.cookie)).text);
    const column = rows[0]!.indexOf('整改事项');
    const cells = rows.slice(1).map((r) => r[column]!);
    expect([...cells].sort()).toEqual(expected());
    expect(new Set(cells).size).toBe(cells.length);
    expect(cells.some((c) => /^\d/.test(c))).toBe(false);
  });

  it('name every item in XLSX and NDJSON', async () => {
    const { sheets } = readXlsx((await download(`?format=xlsx&department=${department}`, admin.cookie)).bytes);
    const column = sheets['台账']![0]!.indexOf('整改事项');
    expect(sheets['台账']!.slice(1).map((r) => r[column]).sort()).toEqual(expected());
    const lines = parseNdjson((await download(`?format=ndjson&department=${department}`, admin.cookie)).text);
    const named = lines.map((l) => {
      const item = l.item as { id: number; fullLabel: string; title: string } | null;
      return item === null ? '整份通报' : `${item.fullLabel} ${item.title}`;
    });
    expect(named.sort()).toEqual(expected());
  });

  it('name every item in the statistics by item', async () => {
    const s = await json<{ byItem: Array<{ item: { id: number; fullLabel: string; title: string } | null; count: number }> }>(await staff(`/stats?notice=${SLUG}`, { cookie: admin.cookie }));
    for (const row of s.byItem) {
      if (row.item) expect(`${row.item.fullLabel} ${row.item.title}`).toBe(headings.get(row.item.id));
    }
    expect(s.byItem.filter((r) => r.item !== null)).toHaveLength(headings.size);
  });
});
