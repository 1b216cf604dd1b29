/**
 * XLSX is built in memory, so it is capped (rows, timeline events, characters of
 * text); beyond a cap the answer is a 422 telling the person to narrow the
 * filters or choose CSV, which streams and has no cap.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { XLSX_MAX_EVENTS, XLSX_MAX_ROWS, XLSX_MAX_TEXT_CHARS } from '../../worker/export/limits';
import { seedSample } from '../helpers/api';
import { createDepartment, signedIn, staff, type TestUser } from '../staff/helpers';
import { download, exportAudits, parseCsv, readXlsx } from './helpers';

let admin: TestUser;

/** `n` feedback in a department of their own, each with `chars` characters of content. */
async function bulk(n: number, chars = 10): Promise<number> {
  const department = await createDepartment();
  await env.DB.prepare(`
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ?2)
    insert into feedback (ref, query_code_hash, notice_id, kind, content, anonymous, channel, received_at, status, acknowledge_by, reply_by, updated_at, department_id)
    select 'CAP-' || ?1 || '-' || i, 'x', (select min(id) from notices), 'opinion', substr(replace(hex(zeroblob(?3)), '00', '字'), 1, ?3), 1, 'web', 0, 'new',
      '2027-01-01', '2027-02-01', 0, ?1 from n`)
    .bind(department, n, chars)
    .run();
  return department;
}

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
});

function tooLarge(message: string) {
  return { error: { code: 'export_too_large', message } };
}

describe('XLSX caps', () => {
  it(`exports ${XLSX_MAX_ROWS} rows, and refuses one more with 422, pointing to CSV`, async () => {
    expect(XLSX_MAX_ROWS).toBe(5000);
    const department = await bulk(XLSX_MAX_ROWS + 1);
    const res = await staff(`/export?format=xlsx&department=${department}`, { cookie: admin.cookie });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual(
      tooLarge('符合条件的反馈有 5001 条，Excel（xlsx）格式一次最多导出 5000 条。请缩小筛选范围（如按收到日期、状态或部门），或选择 CSV 格式导出全部记录'),
    );
    const csv = parseCsv((await download(`?format=csv&department=${department}`, admin.cookie)).text);
    expect(csv.rows).toHaveLength(XLSX_MAX_ROWS + 2);
    await env.DB.prepare('delete from feedback where id = (select max(id) from feedback where department_id = ?)').bind(department).run();
    const { res: ok, bytes } = await download(`?format=xlsx&department=${department}`, admin.cookie);
    expect(ok.status).toBe(200);
    expect(readXlsx(bytes).sheets['台账']).toHaveLength(XLSX_MAX_ROWS + 1);
    // Two files of 5,000 rows, one of them read back: more than the default 5 s on a busy two-core machine.
  }, 30_000);

  it('refuses rows whose texts together are too long', async () => {
    const department = await bulk(Math.floor(XLSX_MAX_TEXT_CHARS / 2000) + 1, 2000);
    const res = await staff(`/export?format=xlsx&department=${department}`, { cookie: admin.cookie });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual(
      tooLarge('符合条件的反馈内容过长，Excel（xlsx）格式一次最多导出约 100 万字。请缩小筛选范围（如按收到日期、状态或部门），或选择 CSV 格式导出全部记录'),
    );
  });

  it('refuses a timeline sheet with too many events, in feedback a person can count', async () => {
    const department = await bulk(3);
    await env.DB.prepare(`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < ?2)
      insert into feedback_events (feedback_id, at, type, public) select f.id, n.i, 'note', 0 from n, feedback f where f.department_id = ?1`)
      .bind(department, Math.ceil(XLSX_MAX_EVENTS / 3) + 1)
      .run();
    const res = await staff(`/export?format=xlsx&timeline=1&department=${department}`, { cookie: admin.cookie });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual(
      tooLarge('符合条件的反馈有 3 条，Excel（xlsx）格式一次最多导出 2 条。请缩小筛选范围（如按收到日期、状态或部门），或选择 CSV 格式导出全部记录'),
    );
    // Without the timeline sheet the ledger alone fits.
    expect((await staff(`/export?format=xlsx&department=${department}`, { cookie: admin.cookie })).status).toBe(200);
  });

  it('records no export when it refuses one', async () => {
    const viewer = await signedIn('viewer');
    const department = await bulk(XLSX_MAX_ROWS + 1);
    expect((await staff(`/export?format=xlsx&department=${department}`, { cookie: viewer.cookie })).status).toBe(422);
    expect(await exportAudits(viewer.id)).toEqual([]);
  });
});
