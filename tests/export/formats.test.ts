/**
 * The three formats give back exactly what was stored: CSV (UTF-8 with BOM, CRLF,
 * RFC 4180, formulas neutralised) parsed by papaparse, NDJSON line by line, and
 * XLSX read back by SheetJS, with the timeline beside the ledger.
 */
import { env } from 'cloudflare:test';
import { utils } from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { itemIdAt, seedSample, SLUG } from '../helpers/api';
import { createDepartment, signedIn, type TestUser } from '../staff/helpers';
import { download, feedbackWith, parseCsv, parseNdjson, readXlsx, sheetXml } from './helpers';

const HEADERS = [
  '编号', '收到时间（北京时间）', '渠道', '通报', '整改事项', '类别', '内容', '是否匿名', '姓名', '电话', '邮箱',
  '承办部门', '状态', '重复于', '不予受理理由', '受理决定时间（北京时间）', '受理时间（北京时间）', '答复时间（北京时间）', '办结时间（北京时间）', '受理期限', '答复期限',
  '法定受理期限', '法定答复期限', '延期天数', '延期理由', '是否超期', '答复内容', '满意度', '评价意见',
  '补充说明次数', '最近补充说明时间（北京时间）', '请求复查时间（北京时间）', '待回应', '回应期限', '照片',
];
/** The columns XLSX writes as date cells, and their formats. */
const DATE_COLUMNS: Record<string, string> = {
  '收到时间（北京时间）': 'yyyy-mm-dd hh:mm', '受理决定时间（北京时间）': 'yyyy-mm-dd hh:mm', '受理时间（北京时间）': 'yyyy-mm-dd hh:mm', '答复时间（北京时间）': 'yyyy-mm-dd hh:mm',
  '办结时间（北京时间）': 'yyyy-mm-dd hh:mm', 受理期限: 'yyyy-mm-dd', 答复期限: 'yyyy-mm-dd',
  法定受理期限: 'yyyy-mm-dd', 法定答复期限: 'yyyy-mm-dd',
  '最近补充说明时间（北京时间）': 'yyyy-mm-dd hh:mm', '请求复查时间（北京时间）': 'yyyy-mm-dd hh:mm', 回应期限: 'yyyy-mm-dd',
};
const EXTENSION_REASON = '涉及两个部门，需要会商';
const RATING_COMMENT = '答复及时，但"宣传栏"仍未更新，\n希望再看看';
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
/** Feedback of a department of their own: a duplicate of `ref`, a declined one, one logged without the time of day. */
let extra: { department: number; duplicate: string; declined: string; dateOnly: string };
const DECLINE_REASON = '不属于本通报的整改范围，已告知向区住建局反映';
const LOGGED_ON = '2026-11-10';

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
      acknowledge_by: '2026-03-16', reply_by: '2026-05-01', acknowledge_by_legal: null, reply_by_legal: '2026-05-06', reply: REPLY, rating: 2,
      extension_days: 15, extension_reason: EXTENSION_REASON, rating_comment: RATING_COMMENT,
      // A follow-up on 03-15, then a review request on 03-20, to be answered by 04-19 (第三十五条).
      review_requested_at: Date.parse('2026-03-20T02:00:00Z'), attention: 'review', attention_at: Date.parse('2026-03-20T02:00:00Z'), attention_by: '2026-04-19',
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
    env.DB.prepare("insert into feedback_events (feedback_id, at, type, public, text) values (?, ?, 'follow_up', 1, '宣传栏还是旧的')").bind(f.id, Date.parse('2026-03-15T02:00:00Z')),
  ]);
  // Each injection in its own feedback, in the content, of a department of their own.
  const injectionDepartment = await createDepartment();
  injected = [];
  for (const [i, text] of INJECTIONS.entries()) {
    const g = await feedbackWith({ content: text, department_id: injectionDepartment, reply_by: `2027-01-0${i + 1}` });
    injected.push(g.ref);
  }
  injected.push(String(injectionDepartment));

  const extraDepartment = await createDepartment();
  const duplicate = await feedbackWith({ status: 'duplicate', duplicate_of_id: f.id, department_id: extraDepartment, reply_by: '2027-02-01' });
  const declined = await feedbackWith({ status: 'declined', department_id: extraDepartment, reply_by: '2027-02-02' });
  const declinedEvent = "insert into feedback_events (feedback_id, at, type, public, from_status, to_status, text) values (?, ?, 'declined', 1, 'new', 'declined', ?)";
  await env.DB.batch([
    // Declined, reopened, declined again: the reason is the last one's.
    env.DB.prepare(declinedEvent).bind(declined.id, Date.parse('2026-03-05T02:00:00Z'), '先前的理由'),
    env.DB.prepare("insert into feedback_events (feedback_id, at, type, public, from_status, to_status, text) values (?, ?, 'reopened', 1, 'declined', 'new', '重新审核')")
      .bind(declined.id, Date.parse('2026-03-06T02:00:00Z')),
    env.DB.prepare(declinedEvent).bind(declined.id, Date.parse('2026-03-07T02:00:00Z'), DECLINE_REASON),
  ]);
  const midnight = Date.parse(`${LOGGED_ON}T00:00:00+08:00`);
  const dateOnly = await feedbackWith({
    received_at: midnight, received_time_unknown: 1, channel: 'post', acknowledge_by: '2026-11-25', department_id: extraDepartment, reply_by: '2027-02-03',
  });
  await env.DB.prepare("update feedback_events set at = ? where feedback_id = ? and type = 'submitted'").bind(midnight, dateOnly.id).run();
  extra = { department: extraDepartment, duplicate: duplicate.ref, declined: declined.ref, dateOnly: dateOnly.ref };
});

const expectedCells = () => [
  ref, '2026-03-01 09:02', '电话', notice.title, `二（三）2 ${item.title}`, '反映问题', CONTENT, '否', '张三', '13812345678', 'zhang@example.com',
  department.name, '已答复', '', '', '2026-03-02 10:00', '2026-03-02 10:00', '2026-03-10 16:30', '', '2026-03-16', '2026-05-01',
  '', '2026-05-06', '15', EXTENSION_REASON, '否', REPLY, '基本满意', RATING_COMMENT,
  '1', '2026-03-15 10:00', '2026-03-20 10:00', '请求复查', '2026-04-19', '',
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
    expect(text.endsWith(`,基本满意,"${RATING_COMMENT.replace(/"/g, '""')}",1,2026-03-15 10:00,2026-03-20 10:00,请求复查,2026-04-19,\r\n`)).toBe(true);
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

  it('names the period received in the file name, when the selection has one', async () => {
    const name = async (query: string) => (await download(`?format=csv&q=${ref}${query}`, admin.cookie)).res.headers.get('content-disposition');
    expect(await name('&from=2026-11-01&to=2026-11-30')).toMatch(
      new RegExp(`^attachment; filename="ledger-2026-11-01_2026-11-30-\\d{8}-\\d{4}\\.csv"; filename\\*=UTF-8''${encodeURIComponent('台账（2026-11-01至2026-11-30）')}-\\d{8}-\\d{4}\\.csv$`),
    );
    expect(await name('&from=2026-11-01')).toContain(`filename*=UTF-8''${encodeURIComponent('台账（2026-11-01起）')}-`);
    expect(await name('&to=2026-11-30')).toContain('filename="ledger-_2026-11-30-');
    expect(await name('&part=timeline&from=2026-11-01&to=2026-11-30')).toContain(`filename*=UTF-8''${encodeURIComponent('办理记录（2026-11-01至2026-11-30）')}-`);
  });

  it('gives the timeline as a file of its own with part=timeline, one row per event', async () => {
    const { res, text } = await download(`?format=csv&part=timeline&q=${ref}`, admin.cookie);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="timeline-\d{8}-\d{4}\.csv"; filename\*=UTF-8''%E5%8A%9E%E7%90%86%E8%AE%B0%E5%BD%95-/);
    const { rows } = parseCsv(text);
    expect(rows[0]).toEqual(TIMELINE_HEADERS);
    expect(rows.slice(1)).toEqual([
      [ref, '2026-03-02 10:00', '受理', '待受理', '已受理', '', '是', '测试admin'],
      [ref, '2026-03-03 11:00', '内部备注', '', '', `'=内部,备注"x"\n第二行`, '否', '测试admin'],
      [ref, '2026-03-15 10:00', '反映人补充说明', '', '', '宣传栏还是旧的', '是', ''],
      [ref, expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/), '收到反馈', '', '待受理', '', '是', ''],
    ]);
  });
});

describe('the extension, 重复于, 不予受理理由, the rating comment, and a receipt without its time', () => {
  const column = (header: string) => HEADERS.indexOf(header);

  it('are columns of the CSV: the original’s reference, the last decline’s reason, the date alone', async () => {
    const { rows } = parseCsv((await download(`?format=csv&department=${extra.department}`, admin.cookie)).text);
    expect(rows[0]).toEqual(HEADERS);
    const pick = (r: string[]) => [
      r[0], r[column('收到时间（北京时间）')], r[column('状态')], r[column('重复于')], r[column('不予受理理由')], r[column('受理决定时间（北京时间）')],
      r[column('受理时间（北京时间）')], r[column('延期天数')], r[column('延期理由')],
    ];
    expect(rows.slice(1).map(pick)).toEqual([
      [extra.duplicate, expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/), '重复', ref, '', '', '', '', ''],
      // Declined, reopened, declined again: told on the first decision; never accepted.
      [extra.declined, expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/), '不予受理', '', DECLINE_REASON, '2026-03-05 10:00', '', '', ''],
      [extra.dateOnly, LOGGED_ON, '待受理', '', '', '', '', '', ''],
    ]);
    // XLSX shows the same cells, dates in their formats.
    const { shown } = readXlsx((await download(`?format=xlsx&department=${extra.department}`, admin.cookie)).bytes);
    expect(shown['台账']).toEqual(rows.map((r) => r.map((c) => (c === '' ? null : c))));
  });

  it('are keys of NDJSON, with the receipt’s date alone and flagged', async () => {
    const lines = parseNdjson((await download(`?format=ndjson&timeline=1&department=${extra.department}`, admin.cookie)).text);
    expect(lines.map((l) => [l.ref, l.duplicateOf, l.declineReason, l.extensionDays, l.extensionReason, l.ratingComment])).toEqual([
      [extra.duplicate, { id: expect.any(Number), ref }, null, null, null, null],
      [extra.declined, null, DECLINE_REASON, null, null, null],
      [extra.dateOnly, null, null, null, null, null],
    ]);
    expect(lines.map((l) => l.receivedTimeUnknown)).toEqual([false, false, true]);
    expect(lines[2]!.receivedAt).toBe(LOGGED_ON);
    expect(lines[2]!.timeline).toEqual([expect.objectContaining({ type: 'submitted', at: LOGGED_ON })]);
    expect(lines[0]!.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
  });

  it('give the receipt without its time as a date in the timeline file, and a date cell in XLSX', async () => {
    const timeline = parseCsv((await download(`?format=csv&part=timeline&q=${extra.dateOnly}`, admin.cookie)).text).rows;
    expect(timeline.slice(1)).toEqual([[extra.dateOnly, LOGGED_ON, '收到反馈', '', '待受理', '', '是', '']]);
    const { bytes } = await download(`?format=xlsx&timeline=1&q=${extra.dateOnly}`, admin.cookie);
    const { workbook, shown } = readXlsx(bytes);
    expect(workbook.Sheets['台账']!['B2']).toMatchObject({ t: 'n', v: 46336, z: 'yyyy-mm-dd' });
    expect(shown['台账']![1]![1]).toBe(LOGGED_ON);
    expect(workbook.Sheets['办理记录']!['B2']).toMatchObject({ t: 'n', v: 46336, z: 'yyyy-mm-dd' });
  });
});

describe('NDJSON', () => {
  it('writes one object per line with stable English keys and machine values', async () => {
    const { res, text } = await download(`?format=ndjson&q=${ref}`, admin.cookie);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/filename="ledger-\d{8}-\d{4}\.ndjson"/);
    expect(parseNdjson(text)).toEqual([
      {
        ref, receivedAt: '2026-03-01T09:02:00+08:00', receivedTimeUnknown: false, channel: 'phone', notice, item, kind: 'report', content: CONTENT,
        anonymous: false, name: '张三', phone: '13812345678', email: 'zhang@example.com', department, status: 'replied', duplicateOf: null, declineReason: null,
        decidedAt: '2026-03-02T10:00:00+08:00', acceptedAt: '2026-03-02T10:00:00+08:00', repliedAt: '2026-03-10T16:30:00+08:00', closedAt: null,
        acknowledgeBy: '2026-03-16', replyBy: '2026-05-01', acknowledgeByLegal: null, replyByLegal: '2026-05-06', extensionDays: 15, extensionReason: EXTENSION_REASON,
        overdue: { acknowledge: false, reply: false }, late: { acknowledge: null, reply: null }, reply: REPLY, rating: 2, ratingComment: RATING_COMMENT,
        followUps: 1, lastFollowUpAt: '2026-03-15T10:00:00+08:00', reviewRequestedAt: '2026-03-20T10:00:00+08:00', attention: 'review', attentionBy: '2026-04-19',
        photos: [],
      },
    ]);
  });

  it('puts each feedback’s timeline in its line with timeline=1', async () => {
    const { text } = await download(`?format=ndjson&timeline=1&q=${ref}`, admin.cookie);
    const [line] = parseNdjson(text);
    expect(line!.timeline).toEqual([
      { at: '2026-03-02T10:00:00+08:00', type: 'accepted', fromStatus: 'new', toStatus: 'accepted', text: null, public: true, actor: { id: admin.id, displayName: '测试admin' } },
      { at: '2026-03-03T11:00:00+08:00', type: 'note', fromStatus: null, toStatus: null, text: '=内部,备注"x"\n第二行', public: false, actor: { id: admin.id, displayName: '测试admin' } },
      { at: '2026-03-15T10:00:00+08:00', type: 'follow_up', fromStatus: null, toStatus: null, text: '宣传栏还是旧的', public: true, actor: null },
      { at: expect.stringMatching(/\+08:00$/), type: 'submitted', fromStatus: null, toStatus: 'new', text: null, public: true, actor: null },
    ]);
    expect(Date.parse(line!.timeline ? (line!.timeline as Array<{ at: string }>)[3]!.at : '')).toBe(Math.floor(submittedAt / 1000) * 1000);
  });
});

describe('XLSX', () => {
  it('reads back with the same values, the timeline on a second sheet 办理记录', async () => {
    const { res, bytes } = await download(`?format=xlsx&timeline=1&q=${ref}`, admin.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toMatch(/filename="ledger-\d{8}-\d{4}\.xlsx"; filename\*=UTF-8''%E5%8F%B0%E8%B4%A6-/);
    // Streamed as it is written: no length is known before the last row.
    expect(res.headers.get('content-length')).toBeNull();
    const { names, shown } = readXlsx(bytes);
    expect(names).toEqual(['台账', '办理记录']);
    // As a spreadsheet shows them: a line break in a cell is LF; dates in their formats.
    const read = expectedCells().map((c) => (c === '' ? null : c.replace(/\r\n/g, '\n')));
    expect(shown['台账']).toEqual([HEADERS, read]);
    const xml = sheetXml(bytes, 'sheet1');
    expect(xml).toContain('第一行\n第二行\n第三行 😀 русский عربي 中文 ok');
    expect(xml).not.toMatch(/_x00[0-9a-f]{2}_/i);
    expect(shown['办理记录']!.map((r) => r.slice(0, 3))).toEqual([
      TIMELINE_HEADERS.slice(0, 3),
      [ref, '2026-03-02 10:00', '受理'],
      [ref, '2026-03-03 11:00', '内部备注'],
      [ref, '2026-03-15 10:00', '反映人补充说明'],
      [ref, expect.any(String), '收到反馈'],
    ]);
  });

  it('writes times and deadlines as date cells: Excel serial numbers of the Asia/Shanghai wall time, with a date format', async () => {
    const { bytes } = await download(`?format=xlsx&timeline=1&q=${ref}`, admin.cookie);
    const { workbook } = readXlsx(bytes);
    const ws = workbook.Sheets['台账']!;
    const cell = (header: string) => ws[utils.encode_cell({ r: 1, c: HEADERS.indexOf(header) })] as { t: string; v: unknown; z?: string };
    // 2026-03-01 09:02 in Shanghai is day 46082 and 9 h 2 min of Excel's 1900 system.
    expect(cell('收到时间（北京时间）')).toMatchObject({ t: 'n', z: 'yyyy-mm-dd hh:mm' });
    expect(cell('收到时间（北京时间）').v).toBeCloseTo(46082 + (9 * 60 + 2) / 1440, 8);
    expect(cell('答复时间（北京时间）').v).toBeCloseTo(46091 + (16 * 60 + 30) / 1440, 8);
    expect(cell('受理期限')).toEqual(expect.objectContaining({ t: 'n', v: 46097, z: 'yyyy-mm-dd' }));
    expect(cell('答复期限')).toEqual(expect.objectContaining({ t: 'n', v: 46143, z: 'yyyy-mm-dd' }));
    // 2026-05-01 falls in 劳动节 (5-1 to 5-5): the legal last day is 5-6, day 46148.
    expect(cell('法定答复期限')).toEqual(expect.objectContaining({ t: 'n', v: 46148, z: 'yyyy-mm-dd' }));
    expect(cell('延期天数')).toEqual(expect.objectContaining({ t: 'n', v: 15 }));
    for (const [header, format] of Object.entries(DATE_COLUMNS)) {
      if (header === '办结时间（北京时间）' || header === '法定受理期限') continue; // empty here
      expect(cell(header), header).toMatchObject({ t: 'n', z: format });
    }
    expect(cell('编号')).toMatchObject({ t: 's', v: ref });
    // In the sheet's XML: a number with a style whose format is a date, not a string.
    const xml = sheetXml(bytes, 'sheet1');
    expect(xml).toMatch(/<c r="B2" s="\d+"><v>46082\.376388888\d*<\/v><\/c>/);
    const timeline = workbook.Sheets['办理记录']!;
    expect(timeline['B2']).toMatchObject({ t: 'n', z: 'yyyy-mm-dd hh:mm', w: '2026-03-02 10:00' });
  });

  it('freezes the header row of each sheet', async () => {
    const { bytes } = await download(`?format=xlsx&timeline=1&q=${ref}`, admin.cookie);
    const pane = '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>';
    expect(sheetXml(bytes, 'sheet1')).toContain(`<sheetViews><sheetView workbookViewId="0">${pane}`);
    expect(sheetXml(bytes, 'sheet2')).toContain(pane);
  });

  it('writes formula-like text as text cells, never as formulas', async () => {
    const { bytes } = await download(`?format=xlsx&department=${injected[6]}`, admin.cookie);
    const { sheets, workbook } = readXlsx(bytes);
    expect(sheets['台账']!.slice(1).map((r) => r[6])).toEqual(INJECTIONS.map((s) => s.replace('\r', '\n')));
    const ws = workbook.Sheets['台账']!;
    const dateColumns = new Set(Object.keys(DATE_COLUMNS).map((h) => HEADERS.indexOf(h)));
    const cells = Object.keys(ws).filter((k) => !k.startsWith('!')).map((k) => ({ column: utils.decode_cell(k).c, ...(ws[k] as { t: string; f?: string }) }));
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((c) => c.f === undefined)).toBe(true);
    expect(cells.filter((c) => !dateColumns.has(c.column)).every((c) => c.t === 's')).toBe(true);
  });

  it('gives the timeline alone with part=timeline', async () => {
    const { bytes } = await download(`?format=xlsx&part=timeline&q=${ref}`, admin.cookie);
    const { names, sheets } = readXlsx(bytes);
    expect(names).toEqual(['办理记录']);
    expect(sheets['办理记录']).toHaveLength(5);
    expect(sheetXml(bytes, 'sheet1')).toContain('state="frozen"');
  });
});
