/**
 * The three formats give back exactly what was stored: CSV (UTF-8 with BOM, CRLF,
 * RFC 4180, formulas neutralised) parsed by papaparse, NDJSON line by line, and
 * XLSX read back by SheetJS, with the timeline beside the ledger.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { itemIdAt, seedSample, SLUG } from '../helpers/api';
import { createDepartment, signedIn, type TestUser } from '../staff/helpers';
import { download, feedbackWith, parseCsv, parseNdjson, readXlsx, sheetXml } from './helpers';

const HEADERS = [
  '编号', '收到时间（北京时间）', '渠道', '通报', '整改事项', '类别', '内容', '是否匿名', '姓名', '电话', '邮箱',
  '责任部门', '状态', '受理时间（北京时间）', '答复时间（北京时间）', '办结时间（北京时间）', '受理期限', '答复期限', '是否超期', '答复内容', '满意度',
];
const TIMELINE_HEADERS = ['编号', '时间（北京时间）', '事件', '原状态', '新状态', '说明', '是否公开', '操作人'];
const CONTENT = 'a,b "引号" 第一行\n第二行\r\n第三行 😀 русский عربي 中文 ok';
const REPLY = '已处理，"谢谢"，\n请查收 🙏';
const INJECTIONS = ['=1+1', '+86 138', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];

let admin: TestUser;
let department: { id: number; name: string };
let item: { id: number; fullLabel: string; title: string };
let notice: { slug: string; title: string };
let ref: string;
let injected: string[];
let submittedAt: number;

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  department = { id: 0, name: `城管科-${crypto.randomUUID().slice(0, 6)}` };
  department.id = await createDepartment(department.name);
  // Part 二, category （三）, item 2.: the sample has four items numbered "2.".
  const itemId = await itemIdAt(1, 2, 1);
  const row = (await env.DB.prepare('select id, title from items where id = ?').bind(itemId).first<{ id: number; title: string }>())!;
  item = { id: row.id, fullLabel: '二（三）2', title: row.title };
  notice = (await env.DB.prepare('select slug, title from notices where slug = ?').bind(SLUG).first())!;
  const f = await feedbackWith(
    {
      content: CONTENT, received_at: Date.parse('2026-03-01T01:02:00Z'), channel: 'phone', kind: 'report', status: 'replied',
      department_id: department.id, accepted_at: Date.parse('2026-03-02T02:00:00Z'), replied_at: Date.parse('2026-03-10T08:30:00Z'),
      acknowledge_by: '2026-03-16', reply_by: '2026-05-01', reply: REPLY, rating: 2,
    },
    { itemId: item.id, anonymous: false, name: '张三', phone: '13812345678', email: 'zhang@example.com', consent: true },
  );
  ref = f.ref;
  submittedAt = (await env.DB.prepare("select at from feedback_events where feedback_id = ? and type = 'submitted'").bind(f.id).first<{ at: number }>())!.at;
  await env.DB.batch([
    env.DB.prepare("insert into feedback_events (feedback_id, at, type, public, from_status, to_status, text, actor_id) values (?, ?, 'accepted', 1, 'new', 'accepted', null, ?)")
      .bind(f.id, Date.parse('2026-03-02T02:00:00Z'), admin.id),
    env.DB.prepare("insert into feedback_events (feedback_id, at, type, public, from_status, to_status, text, actor_id) values (?, ?, 'note', 0, null, null, ?, ?)")
      .bind(f.id, Date.parse('2026-03-03T03:00:00Z'), '=内部,备注"x"\n第二行', admin.id),
  ]);
  // Each injection in its own feedback, in the content, of a department of their own.
  const injectionDepartment = await createDepartment();
  injected = [];
  for (const [i, text] of INJECTIONS.entries()) {
    const g = await feedbackWith({ content: text, department_id: injectionDepartment, reply_by: `2027-01-0${i + 1}` });
    injected.push(g.ref);
  }
  injected.push(String(injectionDepartment));
});

const expectedCells = () => [
  ref, '2026-03-01 09:02', '电话', notice.title, `二（三）2 ${item.title}`, '反映问题', CONTENT, '否', '张三', '13812345678', 'zhang@example.com',
  department.name, '已答复', '2026-03-02 10:00', '2026-03-10 16:30', '', '2026-03-16', '2026-05-01', '否', REPLY, '基本满意',
];

describe('CSV', () => {
  it('round-trips every field: commas, quotes, newlines, emoji and mixed scripts', async () => {
    const { res, text } = await download(`?format=csv&q=${ref}`, admin.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const { bom, rows } = parseCsv(text);
    expect(bom).toBe(true);
    expect(rows).toEqual([HEADERS, expectedCells()]);
  });

  it('starts with the UTF-8 byte-order mark and ends every record with CRLF', async () => {
    const { bytes, text } = await download(`?format=csv&q=${ref}`, admin.cookie);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.startsWith(`\uFEFF${HEADERS.join(',')}\r\n${ref},`)).toBe(true);
    expect(text.endsWith(',基本满意\r\n')).toBe(true);
  });

  it('neutralises every cell a spreadsheet would run as a formula: = + - @ tab CR', async () => {
    const { text } = await download(`?format=csv&department=${injected[6]}`, admin.cookie);
    const { rows } = parseCsv(text);
    expect(rows.slice(1).map((r) => [r[0], r[6]])).toEqual(INJECTIONS.map((s, i) => [injected[i], `'${s}`]));
  });

  it('names the file 台账 with the time, in UTF-8 and in ASCII', async () => {
    const { res } = await download(`?format=csv&q=${ref}`, admin.cookie);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="ledger-\d{8}-\d{4}\.csv"; filename\*=UTF-8''%E5%8F%B0%E8%B4%A6-\d{8}-\d{4}\.csv$/,
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('gives the timeline as a file of its own with part=timeline, one row per event', async () => {
    const { res, text } = await download(`?format=csv&part=timeline&q=${ref}`, admin.cookie);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="timeline-\d{8}-\d{4}\.csv"; filename\*=UTF-8''%E5%8A%9E%E7%90%86%E8%AE%B0%E5%BD%95-/);
    const { rows } = parseCsv(text);
    expect(rows[0]).toEqual(TIMELINE_HEADERS);
    expect(rows.slice(1)).toEqual([
      [ref, '2026-03-02 10:00', '受理', '待受理', '已受理', '', '是', '测试admin'],
      [ref, '2026-03-03 11:00', '内部备注', '', '', `'=内部,备注"x"\n第二行`, '否', '测试admin'],
      [ref, expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/), '收到反馈', '', '待受理', '', '是', ''],
    ]);
  });
});

describe('NDJSON', () => {
  it('writes one object per line with stable English keys and machine values', async () => {
    const { res, text } = await download(`?format=ndjson&q=${ref}`, admin.cookie);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/filename="ledger-\d{8}-\d{4}\.ndjson"/);
    expect(parseNdjson(text)).toEqual([
      {
        ref, receivedAt: '2026-03-01T09:02:00+08:00', channel: 'phone', notice, item, kind: 'report', content: CONTENT, anonymous: false,
        name: '张三', phone: '13812345678', email: 'zhang@example.com', department, status: 'replied',
        acceptedAt: '2026-03-02T10:00:00+08:00', repliedAt: '2026-03-10T16:30:00+08:00', closedAt: null,
        acknowledgeBy: '2026-03-16', replyBy: '2026-05-01', overdue: { acknowledge: false, reply: false }, reply: REPLY, rating: 2,
      },
    ]);
  });

  it('puts each feedback’s timeline in its line with timeline=1', async () => {
    const { text } = await download(`?format=ndjson&timeline=1&q=${ref}`, admin.cookie);
    const [line] = parseNdjson(text);
    expect(line!.timeline).toEqual([
      { at: '2026-03-02T10:00:00+08:00', type: 'accepted', fromStatus: 'new', toStatus: 'accepted', text: null, public: true, actor: { id: admin.id, displayName: '测试admin' } },
      { at: '2026-03-03T11:00:00+08:00', type: 'note', fromStatus: null, toStatus: null, text: '=内部,备注"x"\n第二行', public: false, actor: { id: admin.id, displayName: '测试admin' } },
      { at: expect.stringMatching(/\+08:00$/), type: 'submitted', fromStatus: null, toStatus: 'new', text: null, public: true, actor: null },
    ]);
    expect(Date.parse(line!.timeline ? (line!.timeline as Array<{ at: string }>)[2]!.at : '')).toBe(Math.floor(submittedAt / 1000) * 1000);
  });
});

describe('XLSX', () => {
  it('reads back with the same values, the timeline on a second sheet 办理记录', async () => {
    const { res, bytes } = await download(`?format=xlsx&timeline=1&q=${ref}`, admin.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toMatch(/filename="ledger-\d{8}-\d{4}\.xlsx"; filename\*=UTF-8''%E5%8F%B0%E8%B4%A6-/);
    expect(Number(res.headers.get('content-length'))).toBe(bytes.byteLength);
    const { names, sheets } = readXlsx(bytes);
    expect(names).toEqual(['台账', '办理记录']);
    // A line break in a spreadsheet cell is LF; no escaped control character is left for LibreOffice to show.
    const read = expectedCells().map((c) => (c === '' ? null : c.replace(/\r\n/g, '\n')));
    expect(sheets['台账']).toEqual([HEADERS, read]);
    const xml = sheetXml(bytes, 'sheet1');
    expect(xml).toContain('第一行\n第二行\n第三行 😀 русский عربي 中文 ok');
    expect(xml).not.toMatch(/_x00[0-9a-f]{2}_/i);
    expect(sheets['办理记录']!.map((r) => r.slice(0, 3))).toEqual([
      TIMELINE_HEADERS.slice(0, 3),
      [ref, '2026-03-02 10:00', '受理'],
      [ref, '2026-03-03 11:00', '内部备注'],
      [ref, expect.any(String), '收到反馈'],
    ]);
  });

  it('writes formula-like text as text cells, never as formulas', async () => {
    const { bytes } = await download(`?format=xlsx&department=${injected[6]}`, admin.cookie);
    const { sheets, workbook } = readXlsx(bytes);
    expect(sheets['台账']!.slice(1).map((r) => r[6])).toEqual(INJECTIONS.map((s) => s.replace('\r', '\n')));
    const ws = workbook.Sheets['台账']!;
    const cells = Object.keys(ws).filter((k) => !k.startsWith('!')).map((k) => ws[k] as { t: string; f?: string });
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((c) => c.t === 's' && c.f === undefined)).toBe(true);
  });

  it('gives the timeline alone with part=timeline', async () => {
    const { bytes } = await download(`?format=xlsx&part=timeline&q=${ref}`, admin.cookie);
    const { names, sheets } = readXlsx(bytes);
    expect(names).toEqual(['办理记录']);
    expect(sheets['办理记录']).toHaveLength(4);
  });
});
