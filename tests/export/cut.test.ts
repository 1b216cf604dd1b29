/**
 * How an export reads its pages (db/export.ts): through the filter's index while
 * few pages match, along the table by id when many do; either way the same rows,
 * in id order, up to the last feedback when it began.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { exportCut, ledgerRecords, LEDGER, type LedgerWhere } from '../../worker/db/export';
import { OPEN_STATUSES } from '../../worker/staff/workflow';
import { shanghaiDate } from '../../worker/feedback/deadlines';
import { seedSample } from '../helpers/api';
import { createDepartment } from '../staff/helpers';

const db = () => createDb(env.DB);
let small: number;
let large: number;

/** `n` new feedback in a department, interleaved with others' by id. */
async function feedbackIn(department: number, n: number, tag: string) {
  await env.DB.prepare(`
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ?2)
    insert into feedback (ref, query_code_hash, notice_id, kind, content, anonymous, channel, received_at, status, acknowledge_by, reply_by, updated_at, department_id)
    select ?3 || '-' || i, 'x', (select min(id) from notices), 'opinion', '取数' || i, 1, 'web', 0, 'new', '2027-01-01', '2027-02-01', 0, ?1 from n`)
    .bind(department, n, tag)
    .run();
}

beforeAll(async () => {
  await seedSample();
  [small, large] = [await createDepartment(), await createDepartment()];
  await feedbackIn(large, 3000, 'CUT-L');
  await feedbackIn(small, 40, 'CUT-S');
});

const where = (departmentId: number): LedgerWhere => ({
  filter: { departmentId }, scope: { departmentId: null }, now: Date.now(), late: { today: shanghaiDate(Date.now()), open: OPEN_STATUSES },
});

async function ids(w: LedgerWhere, byId: boolean, take: number): Promise<number[]> {
  const cut = { ...(await exportCut(db(), w, take)), byId };
  const out: number[] = [];
  for (let after = 0; ; ) {
    const page = await ledgerRecords(db(), w, cut, after, take);
    if (page.length === 0) return out;
    out.push(...page.map((r) => r[LEDGER.id] as number));
    after = out[out.length - 1]!;
  }
}

describe('the cut of an export', () => {
  it('reads a few matches through the index, and a large share of the table along it by id', async () => {
    expect((await exportCut(db(), where(small))).byId).toBe(false);
    // 3,000 matches in pages of 100: 30 pages, each reading the department's whole slice, cost more than one walk of the table.
    expect((await exportCut(db(), where(large), 100)).byId).toBe(true);
    expect((await exportCut(db(), { ...where(large), filter: {} })).byId).toBe(true);
  });

  it('gives the same rows either way, in id order, none after the cut', async () => {
    for (const department of [small, large]) {
      const expected = (await env.DB.prepare('select id from feedback where department_id = ? order by id').bind(department).all<{ id: number }>()).results.map((r) => r.id);
      expect(await ids(where(department), true, 100)).toEqual(expected);
      expect(await ids(where(department), false, 100)).toEqual(expected);
    }
    const cut = await exportCut(db(), where(small));
    await feedbackIn(small, 1, 'CUT-AFTER');
    const page = await ledgerRecords(db(), where(small), cut, 0);
    expect(page).toHaveLength(40);
  });
});
