/**
 * Putting a notice online through the API: reading, correcting and saving a
 * draft, with every refusal saving nothing.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import sample from '../../seed/dongxiao-notice.txt?raw';
import { docx, documentXml, wpsParagraph } from '../notice/docx-files';
import { json, signedIn, staff, type TestUser } from './helpers';

const base64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
// python3: '一、整改落实情况\r\n1.针对“会议记录不规范”的问题\r\n整改情况：已完成整改。'.encode('gb18030'), as Notepad saves "ANSI".
const GBK_TXT = '0ruhotX7uMTC5Mq1x+m/9g0KMS7V67bUobC74dLpvMfCvLK7uea3tqGxtcTOysziDQrV+7jEx+m/9qO60tHN6rPJ1fu4xKGj';

let admin: TestUser;

beforeAll(async () => {
  admin = await signedIn('admin');
});

interface Reading {
  title: string | null;
  levels: Array<{ level: string; count: number }>;
  pieces: Array<{ line: number; text: string; role: string; numbering: string | null; place: string; item: number | null }>;
  items: Array<{ piece: number; label: string; title: string; status: string; part: string; category: string }>;
  problems: Array<{ piece: number; message: string }>;
  lossless: { ok: boolean };
}

const NARRATIVE = [
  '关于巡察整改进展情况的通报',
  '根据区委统一部署，区委第二巡察组对我局开展了常规巡察。现将整改情况通报如下。',
  '一、关于党的建设方面',
  '针对理论学习不深入的问题，一是健全学习制度，制定年度学习计划。二是开展专题研讨4次，已完成整改。',
  '针对基层组织建设薄弱的问题，一是调整支部设置。二是规范组织生活，持续整改。',
  '欢迎广大干部群众对整改落实情况进行监督。联系电话：0755-12345678。',
].join('\n');

const parse = (body: Record<string, unknown>, cookie = admin.cookie) => staff('/notices/parse', { method: 'POST', cookie, body });

async function counts() {
  const n = await env.DB.prepare('select (select count(*) from notices) as notices, (select count(*) from items) as items, (select count(*) from audit_log) as audit').first();
  return n;
}

const META = { title: '某局关于巡察整改进展情况的通报', issuer: '中共某区某局党组', publishedOn: '2026-11-20' };
let serial = 0;
const fresh = () => {
  serial += 1;
  return { slug: `test-notice-${serial}-${crypto.randomUUID().slice(0, 6)}`, refPrefix: `Q${String.fromCharCode(65 + (serial % 26))}${String.fromCharCode(65 + Math.floor(serial / 26) % 26)}` };
};

describe('POST /api/staff/notices/parse', () => {
  it('reads the sample as the parser does, marks where every piece went, and saves nothing', async () => {
    const before = await counts();
    const res = await parse({ text: sample });
    expect(res.status).toBe(200);
    const r = await json<Reading>(res);
    expect(r.lossless).toEqual({ ok: true });
    expect(r.items).toHaveLength(12);
    expect(r.items.slice(0, 2).map((i) => [i.part, i.category, i.label])).toEqual([['二、', '(一)', '1.'], ['二、', '(一)', '2.']]);
    expect(r.pieces.every((p) => p.item === null || r.items[p.item] !== undefined)).toBe(true);
    // The sample starts with its introduction: its title is given apart (seed/dongxiao.ts).
    expect(r.title).toBeNull();
    expect(r.pieces[0]).toMatchObject({ role: 'text', place: 'intro', item: null });
    expect(r.levels.map((l) => l.level)).toEqual(['chinese', 'chinese-paren', 'arabic', 'ordinal']);
    expect(r.problems).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('forms the items from 一是/二是 when asked, for a notice that narrates its measures', async () => {
    const first = await json<Reading>(await parse({ text: NARRATIVE }));
    expect(first.items).toEqual([]);
    const r = await json<Reading>(await parse({ text: NARRATIVE, level: 'ordinal' }));
    expect(r.items.map((i) => [i.part, i.label, i.title])).toEqual([
      ['一、', '一是', '健全学习制度，制定年度学习计划。'],
      ['一、', '二是', '开展专题研讨4次，已完成整改。'],
      ['一、', '一是', '调整支部设置。'],
      ['一、', '二是', '规范组织生活，持续整改。'],
    ]);
    expect(r.lossless).toEqual({ ok: true });
  });

  it('takes corrections as roles: a line made an item, an item folded into the one before, a status set', async () => {
    const first = await json<Reading>(await parse({ text: NARRATIVE }));
    const roles = first.pieces.map((p) => p.role);
    const problemLines = first.pieces.map((p, i) => (p.text.startsWith('针对') ? i : -1)).filter((i) => i >= 0);
    for (const i of problemLines) roles[i] = 'item';
    const split = await json<Reading>(await parse({ text: NARRATIVE, roles }));
    expect(split.items.map((i) => i.title)).toEqual(['针对理论学习不深入的问题，', '针对基层组织建设薄弱的问题，']);
    expect(split.pieces.filter((p) => p.item === null).map((p) => p.place)).toEqual(['title', 'intro', 'part', 'closing']);

    roles[problemLines[1]!] = 'text';
    const folded = await json<Reading>(await parse({ text: NARRATIVE, roles, statuses: { [problemLines[0]!]: 'in_progress' } }));
    expect(folded.items).toHaveLength(1);
    expect(folded.items[0]).toMatchObject({ piece: problemLines[0], status: 'in_progress' });
    expect(folded.lossless).toEqual({ ok: true });
  });

  it('says which pieces cannot stand where they are', async () => {
    const first = await json<Reading>(await parse({ text: NARRATIVE }));
    const roles = first.pieces.map((p) => p.role);
    roles[1] = 'measures';
    roles[3] = 'title';
    const r = await json<Reading>(await parse({ text: NARRATIVE, roles }));
    expect(r.problems).toEqual([
      { piece: 1, message: '整改措施和整改情况必须属于某个整改事项；请先把它上面的一行设为整改事项' },
      { piece: 3, message: '标题只能是通报开头的几行' },
    ]);
  });

  it.each([
    ['empty text', { text: '  \n ' }, 422, { text: '请粘贴通报全文，或上传 .txt、.docx 文件' }],
    ['control characters', { text: '通报\u0000\u0001\u0002' }, 422, { text: '通报全文含有无法识别的字符（可能是乱码或文件内容），请检查后重新粘贴，或上传 .txt、.docx 文件' }],
    ['roles for another text', { text: NARRATIVE, roles: ['title'] }, 422, { text: '通报全文与识别时不同，请重新识别后再保存' }],
    ['an unknown level', { text: NARRATIVE, level: 'roman' }, 422, { level: '请选择由哪一级标题构成整改事项' }],
    ['an unknown role', { text: NARRATIVE, roles: ['heading'] }, 422, { roles: '识别结果有误，请重新识别后再保存' }],
  ])('refuses %s, saying so at the field', async (_name, body, status, fields) => {
    const res = await parse(body);
    expect(res.status).toBe(status);
    expect((await json<{ error: { fields: unknown } }>(res)).error.fields).toEqual(fields);
  });

  it('reads a .txt saved in GBK and gives its text back for saving', async () => {
    const r = await json<Reading & { text: string; encoding: string }>(await parse({ file: { name: '通报.txt', data: GBK_TXT } }));
    expect(r.encoding).toBe('gb18030');
    expect(r.text).toBe('一、整改落实情况\r\n1.针对“会议记录不规范”的问题\r\n整改情况：已完成整改。');
    expect(r.items.map((i) => [i.label, i.status])).toEqual([['1.', 'completed']]);
  });

  it('reads a .docx written by WPS, its paragraphs as lines', async () => {
    const file = docx({ document: documentXml(['一、整改落实情况', '1.针对学习不深入的问题', '整改措施：制定学习计划。', '整改情况：已完成。'].map((t) => wpsParagraph([t])).join(''), 'wps') });
    const r = await json<Reading & { text: string; encoding: string }>(await parse({ file: { name: 'tongbao.docx', data: base64(file) } }));
    expect(r.encoding).toBe('docx');
    expect(r.text.split('\n')).toEqual(['一、整改落实情况', '1.针对学习不深入的问题', '整改措施：制定学习计划。', '整改情况：已完成。']);
    expect(r.items).toHaveLength(1);
  });

  it.each([
    ['a .docx that is not a zip', { name: 'a.docx', data: btoa('PK not really a zip at all') }, '无法打开这个 .docx 文件，它可能已损坏或不是 Word 文档。请在 Word 或 WPS 中打开，另存为 .docx 后再上传'],
    ['a .docx with no text', { name: 'a.docx', data: base64(docx({ document: documentXml('<w:p/>') })) }, '这个 .docx 文件中没有文字。如果通报是扫描的图片，请直接粘贴通报全文'],
    ['binary junk named .txt', { name: 'a.txt', data: base64(Uint8Array.from({ length: 600 }, (_, i) => (i * 37) % 256)) }, '无法读取文件中的文字，请上传用记事本、WPS 或 Word 保存的 .txt 文件，或直接粘贴通报全文'],
    ['a .doc file', { name: '通报.doc', data: btoa('x') }, '只能上传 .txt 或 .docx 文件。.doc、.wps 文件请在 Word 或 WPS 中另存为 .docx 后再上传；PDF 文件请复制其中的文字，粘贴到文本框中'],
    ['an empty file', { name: 'a.txt', data: '' }, '文件是空的，请选择含有通报全文的文件，或直接粘贴通报全文'],
    ['data that is not base64', { name: 'a.txt', data: '***' }, '请重新选择文件'],
  ])('refuses %s with 422 at the file field', async (_name, file, message) => {
    const res = await parse({ file });
    expect(res.status).toBe(422);
    expect((await json<{ error: { fields: unknown } }>(res)).error.fields).toEqual({ file: message });
  });

  it('refuses text over 200 KB with 413 naming the limit', async () => {
    const res = await parse({ text: '整改'.repeat(40_000) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: 'too_large', message: '通报全文不能超过 200 KB（约 6 万字）；请只保留通报本身，或分成几份通报', fields: { text: '通报全文不能超过 200 KB（约 6 万字）；请只保留通报本身，或分成几份通报' } },
    });
  });

  it('is for admins only', async () => {
    const handler = await signedIn('handler');
    expect((await parse({ text: NARRATIVE }, handler.cookie)).status).toBe(403);
  });
});

describe('POST /api/staff/notices', () => {
  it('saves a corrected reading as a draft, with every character of the source, and audits it', async () => {
    const ids = fresh();
    const r = await json<Reading>(await parse({ text: NARRATIVE, level: 'ordinal' }));
    const res = await staff('/notices', { method: 'POST', cookie: admin.cookie, body: { text: NARRATIVE, level: 'ordinal', statuses: { [r.items[0]!.piece]: 'completed' }, ...META, ...ids } });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ slug: ids.slug, state: 'draft', itemCount: 4 });
    const notice = await env.DB.prepare('select id, state, source_text, title, ref_prefix from notices where slug = ?').bind(ids.slug).first<{ id: number; state: string; source_text: string; title: string; ref_prefix: string }>();
    expect(notice).toMatchObject({ state: 'draft', source_text: NARRATIVE, title: META.title, ref_prefix: ids.refPrefix });
    const items = (await env.DB.prepare('select label, title, status from items where notice_id = ? order by position').bind(notice!.id).all()).results;
    expect(items).toEqual([
      { label: '一是', title: '健全学习制度，制定年度学习计划。', status: 'completed' },
      { label: '二是', title: '开展专题研讨4次，已完成整改。', status: 'unknown' },
      { label: '一是', title: '调整支部设置。', status: 'unknown' },
      { label: '二是', title: '规范组织生活，持续整改。', status: 'unknown' },
    ]);
    const audit = await env.DB.prepare("select actor_id, target_id, after from audit_log where action = 'notice.create' and target_id = ?").bind(String(notice!.id)).first<{ actor_id: number; after: string }>();
    expect(audit!.actor_id).toBe(admin.id);
    expect(JSON.parse(audit!.after)).toMatchObject({ slug: ids.slug, state: 'draft', itemCount: 4, level: 'ordinal', corrected: true });
    // A draft is not public.
    expect((await staff(`/../notices/${ids.slug}`)).status).toBe(404);
  });

  it('keeps the measures and status labels of each item, so the stored notice holds the whole text', async () => {
    const ids = fresh();
    expect((await staff('/notices', { method: 'POST', cookie: admin.cookie, body: { text: sample, ...META, ...ids } })).status).toBe(201);
    const first = await env.DB.prepare('select i.measures_label, i.status_label from items i join notices n on n.id = i.notice_id where n.slug = ? order by i.position limit 1').bind(ids.slug).first();
    expect(first).toEqual({ measures_label: '整改措施:', status_label: '整改落实情况:' });
  });

  it.each([
    ['no title', { title: ' ' }, { title: '请填写通报标题' }],
    ['no issuer', { issuer: '' }, { issuer: '请填写发布机关' }],
    ['a date that does not exist', { publishedOn: '2026-02-30' }, { publishedOn: '请填写发布日期，格式如 2026-11-27；通报没有写明日期的可以留空' }],
    ['a slug with capitals', { slug: 'Dongxiao 2023' }, { slug: '网址只能用小写英文字母、数字和连字符（-），以字母或数字开头，最多 100 个字符，如 dongxiao-2023' }],
    ['the reserved slug new', { slug: 'new' }, { slug: '这个网址是系统保留的，请换一个，如 dongxiao-2023' }],
    ['the reserved slug parse', { slug: 'parse' }, { slug: '这个网址是系统保留的，请换一个，如 dongxiao-2023' }],
    ['a prefix of digits', { refPrefix: 'D1' }, { refPrefix: '编号前缀须为 2 至 3 个大写英文字母，如 DX' }],
  ])('refuses %s with 422 at the field and saves nothing', async (_name, override, fields) => {
    const before = await counts();
    const res = await staff('/notices', { method: 'POST', cookie: admin.cookie, body: { text: NARRATIVE, ...META, ...fresh(), ...override } });
    expect(res.status).toBe(422);
    expect((await json<{ error: { fields: unknown } }>(res)).error.fields).toEqual(fields);
    expect(await counts()).toEqual(before);
  });

  it('refuses a slug or a prefix already taken with 409 at the field', async () => {
    const ids = fresh();
    expect((await staff('/notices', { method: 'POST', cookie: admin.cookie, body: { text: NARRATIVE, ...META, ...ids } })).status).toBe(201);
    const before = await counts();
    const again = await staff('/notices', { method: 'POST', cookie: admin.cookie, body: { text: NARRATIVE, ...META, ...ids } });
    expect(again.status).toBe(409);
    expect((await json<{ error: { fields: unknown } }>(again)).error.fields).toEqual({
      slug: '这个网址已被另一份通报使用，请换一个', refPrefix: '这个编号前缀已被另一份通报使用，请换一个：每份通报的反馈编号要能一眼区分',
    });
    expect(await counts()).toEqual(before);
  });

  it('refuses a reading with problems with 422 and saves nothing', async () => {
    const first = await json<Reading>(await parse({ text: NARRATIVE }));
    const roles = first.pieces.map((p) => p.role);
    roles[3] = 'title';
    const before = await counts();
    const res = await staff('/notices', { method: 'POST', cookie: admin.cookie, body: { text: NARRATIVE, roles, ...META, ...fresh() } });
    expect(res.status).toBe(422);
    expect((await json<{ error: { code: string } }>(res)).error.code).toBe('reading_problems');
    expect(await counts()).toEqual(before);
  });
});
