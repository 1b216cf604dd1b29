import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { parseNotice } from '../../worker/notice';
import { decodeNoticeFile, NOTICE_TEXT_MAX_BYTES } from '../../worker/notice/source';
import { centralEntry, docx, documentXml, numberingXml, setU32, stylesXml, wpsParagraph } from './docx-files';
import { allItems, isLossless, must, shape } from './shape';

// Reading a .docx notice: every w:p a line, in document order.

const read = (bytes: Uint8Array) => decodeNoticeFile(bytes, '整改通报.docx');
const textOf = (bytes: Uint8Array) => {
  const file = read(bytes);
  if (!file.ok) throw new Error(`refused: ${file.reason}`);
  expect(file.encoding).toBe('docx');
  return file.text;
};
const run = (text: string) => `<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>${text}</w:t></w:r>`;
const para = (...runs: string[]) => `<w:p w:rsidR="00A2" w:rsidRDefault="00A2" w:rsidP="00C4">${runs.join('')}</w:p>`;
const cell = (text: string) => `<w:tc><w:tcPr><w:tcW w:w="2840" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>${para(run(text))}</w:tc>`;

// As Word 2016 writes a notice: title and intro paragraphs with properties,
// spell-check and bookmark marks between runs, a tab stop in the paragraph
// properties, entities, xml:space="preserve", a tab and a line break inside
// runs, a table, a tracked deletion and insertion, hidden text, and a text
// box written twice (mc:Choice and mc:Fallback).
const WORD_BODY = [
  '<w:p w:rsidR="00A2"><w:pPr><w:pStyle w:val="1"/><w:jc w:val="center"/><w:rPr><w:rFonts w:ascii="方正小标宋简体" w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr></w:pPr>',
  run('中共云州市水务局党组关于巡察整改进展情况的通报'),
  '</w:p>',
  para(
    '<w:r><w:t xml:space="preserve">根据市委统一部署，</w:t></w:r>',
    '<w:proofErr w:type="spellStart"/>',
    run('2023'),
    '<w:proofErr w:type="spellEnd"/>',
    run('年4月，市委第二巡察组对局党组开展了巡察。'),
    '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>',
  ),
  '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/><w:tab w:val="clear" w:pos="840"/></w:tabs><w:outlineLvl w:val="0"/></w:pPr>',
  run('一、巡察反馈问题整改情况'),
  '</w:p>',
  para(run('1.针对&quot;河道保洁&amp;巡查&quot;不到位的问题')),
  para(
    run('整改措施：'),
    '<w:r><w:tab/></w:r>',
    '<w:r><w:t xml:space="preserve">修订《河道保洁考核办法》&lt;试行&gt;，  </w:t></w:r>',
    '<w:del w:id="1" w:author="张三" w:date="2023-11-02T10:00:00Z"><w:r><w:delText>每月</w:delText></w:r></w:del>',
    '<w:ins w:id="2" w:author="张三" w:date="2023-11-02T10:00:00Z"><w:r><w:t>每周</w:t></w:r></w:ins>',
    run('考核一次&#12290;'),
    '<w:r><w:rPr><w:vanish/></w:rPr><w:t>（内部备注，勿公开）</w:t></w:r>',
    '<w:r><w:br/><w:t>二是建立巡查台账&#x3002;</w:t></w:r>',
  ),
  para(run('整改情况：已完成整改。')),
  '<w:tbl><w:tblPr><w:tblStyle w:val="a3"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid><w:gridCol w:w="2840"/><w:gridCol w:w="2840"/></w:tblGrid>',
  `<w:tr w:rsidR="00A2">${cell('2.针对“水费减免审核不严”的问题')}${cell('整改情况：正在整改。')}</w:tr>`,
  '</w:tbl>',
  para(
    run('欢迎监督。'),
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:extent cx="1828800" cy="457200"/><wp:docPr id="1" name="文本框 1"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>',
    para(run('联系电话：023-63865210')),
    '</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape id="文本框 1" o:spid="_x0000_s1026" type="#_x0000_t202" style="position:absolute"><v:textbox><w:txbxContent>',
    para(run('联系电话：023-63865210')),
    '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>',
    run('特此通报。'),
  ),
  '<w:p/>',
  para(run('中共云州市水务局党组')),
  para(run('2023年11月20日')),
].join('');

const WORD_TEXT = [
  '中共云州市水务局党组关于巡察整改进展情况的通报',
  '根据市委统一部署，2023年4月，市委第二巡察组对局党组开展了巡察。',
  '一、巡察反馈问题整改情况',
  '1.针对"河道保洁&巡查"不到位的问题',
  '整改措施：\t修订《河道保洁考核办法》<试行>，  每周考核一次。\n二是建立巡查台账。',
  '整改情况：已完成整改。',
  '2.针对“水费减免审核不严”的问题',
  '整改情况：正在整改。',
  '欢迎监督。',
  '联系电话：023-63865210',
  '特此通报。',
  '',
  '中共云州市水务局党组',
  '2023年11月20日',
].join('\n');

describe('decodeNoticeFile reads a .docx written by Word', () => {
  it('gives one line per paragraph, table cells included, as the document reads', () => {
    expect(textOf(docx({ document: documentXml(WORD_BODY) }))).toBe(WORD_TEXT);
  });

  it('reads stored (uncompressed) entries as well as deflated ones', () => {
    expect(textOf(docx({ document: documentXml(WORD_BODY), stored: true }))).toBe(WORD_TEXT);
  });

  it('gives the parser a notice it reads losslessly, items in the table included', () => {
    const notice = parseNotice(WORD_TEXT);
    expect(notice.title).toBe('中共云州市水务局党组关于巡察整改进展情况的通报');
    expect(allItems(notice).map((i) => [i.label, i.status])).toEqual([
      ['1.', 'completed'],
      ['2.', 'in_progress'],
    ]);
    expect(isLossless(WORD_TEXT, notice)).toBe(true);
  });

  it('expands character references beyond the BMP and leaves unknown entities as written', () => {
    const body = para(run('&#x20000;&#131072;&nbsp;&#0;&#xD800;&amp;amp;'), '<!-- <w:t>注释</w:t> -->', run('<![CDATA[<原文>]]>'));
    expect(textOf(docx({ document: documentXml(body) }))).toBe('𠀀𠀀&nbsp;&#0;&#xD800;&amp;<原文>');
  });

  it('reads a document whose WordprocessingML prefix is not "w"', () => {
    const xml = '<?xml version="1.0"?><doc:document xmlns:doc="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><doc:body><doc:p><doc:r><doc:t>一、整改情况</doc:t></doc:r></doc:p></doc:body></doc:document>';
    expect(textOf(docx({ document: xml }))).toBe('一、整改情况');
  });
});

// As WPS writes a notice numbered automatically: the "一、" "（一）" "1."
// are in word/numbering.xml, not in the text; categories take theirs from
// their paragraph style.
const WPS_NUMBERING = numberingXml(
  [
    '<w:abstractNum w:abstractNumId="0"><w:nsid w:val="5A1B2C3D"/><w:multiLevelType w:val="multilevel"/><w:tmpl w:val="5A1B2C3D"/>',
    '<w:lvl w:ilvl="0" w:tentative="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="400"/></w:pPr><w:rPr><w:rFonts w:hint="default"/></w:rPr></w:lvl>',
    '<w:lvl w:ilvl="1" w:tentative="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="3"/><w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>',
    '<w:lvl w:ilvl="2" w:tentative="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="left" w:pos="1060"/></w:tabs></w:pPr></w:lvl>',
    '</w:abstractNum>',
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>',
  ].join(''),
);
const WPS_STYLES = stylesXml(
  [
    '<w:style w:type="paragraph" w:default="1" w:styleId="1"><w:name w:val="Normal"/></w:style>',
    '<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 2"/><w:basedOn w:val="1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>',
    '<w:style w:type="character" w:styleId="4"><w:name w:val="Default Paragraph Font"/></w:style>',
  ].join(''),
);
const numbered = (ilvl: number) => `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="1"/></w:numPr>`;
const WPS_BODY = [
  wpsParagraph(['中共云州市','农业农村局党组关于巡察整改情况的通报']),
  wpsParagraph(['根据市委巡察工作统一部署，现将整改情况予以公布。']),
  wpsParagraph(['整改工作开展情况'], numbered(0)),
  wpsParagraph(['局党组召开专题会议，逐条制定整改措施。']),
  wpsParagraph(['巡察反馈问题整改情况'], numbered(0)),
  wpsParagraph(['在落实全面从严治党主体责任方面'], '<w:pStyle w:val="3"/>'),
  wpsParagraph(['针对“','党组会议研究党建工作少','”的问题'], numbered(2)),
  wpsParagraph(['整改措施：','每季度至少专题研究一次党建工作。']),
  wpsParagraph(['整改情况：','已完成整改。']),
  wpsParagraph(['针对“谈心谈话不经常”的问题'], numbered(2)),
  wpsParagraph(['整改情况：','持续推进。']),
  wpsParagraph(['在项目资金管理方面'], '<w:pStyle w:val="3"/>'),
  wpsParagraph(['针对“项目验收把关不严”的问题'], numbered(2)),
  wpsParagraph(['整改情况：','已完成。']),
  wpsParagraph(['下一步工作打算'], numbered(0)),
  wpsParagraph(['巩固整改成果。']),
].join('');

describe('decodeNoticeFile reads a .docx written by WPS', () => {
  const text = textOf(docx({ document: documentXml(WPS_BODY, 'wps'), numbering: WPS_NUMBERING, styles: WPS_STYLES }));

  it('joins runs split mid-sentence and writes the automatic numbers in front of their paragraphs', () => {
    expect(text.split('\n')).toEqual([
      '中共云州市农业农村局党组关于巡察整改情况的通报',
      '根据市委巡察工作统一部署，现将整改情况予以公布。',
      '一、整改工作开展情况',
      '局党组召开专题会议，逐条制定整改措施。',
      '二、巡察反馈问题整改情况',
      '（一）在落实全面从严治党主体责任方面',
      '1.\t针对“党组会议研究党建工作少”的问题',
      '整改措施：每季度至少专题研究一次党建工作。',
      '整改情况：已完成整改。',
      '2.\t针对“谈心谈话不经常”的问题',
      '整改情况：持续推进。',
      '（二）在项目资金管理方面',
      '1.\t针对“项目验收把关不严”的问题',
      '整改情况：已完成。',
      '三、下一步工作打算',
      '巩固整改成果。',
    ]);
  });

  it('gives the parser its parts, categories and items', () => {
    const notice = parseNotice(text);
    expect(shape(notice)).toEqual({
      hasTitle: true,
      intro: 1,
      parts: [
        { categories: [], items: 0 },
        { categories: [2, 1], items: 0 },
        { categories: [], items: 0 },
      ],
      closing: 0,
    });
    expect(allItems(notice).map((i) => i.status)).toEqual(['completed', 'in_progress', 'completed']);
    expect(isLossless(text, notice)).toBe(true);
  });

  it('reads the numbering without styles.xml, leaving the style-numbered categories bare', () => {
    const bare = textOf(docx({ document: documentXml(WPS_BODY, 'wps'), numbering: WPS_NUMBERING }));
    expect(bare.split('\n')[5]).toBe('在落实全面从严治党主体责任方面');
    expect(bare.split('\n')[6]).toBe('1.\t针对“党组会议研究党建工作少”的问题');
  });
});

describe('decodeNoticeFile refuses a .docx it cannot read', () => {
  it('refuses a file that is not a zip: text, or an old .doc renamed', () => {
    expect(read(strToU8('一、整改情况'))).toEqual({ ok: false, reason: 'notDocx' });
    expect(read(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]))).toEqual({ ok: false, reason: 'notDocx' });
  });

  it('refuses a zip without word/document.xml, such as a spreadsheet', () => {
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') });
    expect(read(xlsx)).toEqual({ ok: false, reason: 'notDocx' });
  });

  it('refuses a word/document.xml that is not WordprocessingML', () => {
    expect(read(docx({ document: '<html><body><p>一、整改情况</p></body></html>' }))).toEqual({ ok: false, reason: 'notDocx' });
  });

  it('refuses a truncated download and an encrypted entry', () => {
    const file = docx({ document: documentXml(WORD_BODY) });
    expect(read(file.subarray(0, Math.floor(file.length / 2)))).toEqual({ ok: false, reason: 'notDocx' });
    const entry = centralEntry(file, 'word/document.xml');
    file[entry + 8] = (file[entry + 8] ?? 0) | 1;
    expect(read(file)).toEqual({ ok: false, reason: 'notDocx' });
  });

  it('says noText for a document of empty paragraphs and a picture', () => {
    const body = `${para()}<w:p/>${para('<w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/></wp:inline></w:drawing></w:r>')}${para(run(' '))}`;
    expect(read(docx({ document: documentXml(body) }))).toEqual({ ok: false, reason: 'noText' });
  });

  it(`refuses text over ${NOTICE_TEXT_MAX_BYTES / 1024} KB`, () => {
    const body = para(run('整'.repeat(70_000)));
    expect(read(docx({ document: documentXml(body) }))).toEqual({ ok: false, reason: 'tooLarge' });
  });
});

// Inflating 16 MB takes a few hundred milliseconds on a loaded machine.
describe('decodeNoticeFile against zip bombs', { timeout: 30_000 }, () => {
  // 17 MB of markup that deflates to a few KB.
  const bomb = docx({ document: documentXml(para(`<w:r><w:t>${' '.repeat(17 * 1024 * 1024)}</w:t></w:r>`)) });

  it('is a small file', () => {
    expect(bomb.length).toBeLessThan(100 * 1024);
  });

  it('refuses a document.xml that says it inflates past the limit, without inflating it', () => {
    expect(read(bomb)).toEqual({ ok: false, reason: 'tooLarge' });
  });

  it('refuses one that claims to be 1 KB and inflates past the limit, stopping soon after it', () => {
    const lying = bomb.slice();
    setU32(lying, centralEntry(lying, 'word/document.xml') + 24, 1024);
    expect(read(lying)).toEqual({ ok: false, reason: 'tooLarge' });
  });

  it('refuses a zip whose directory claims more entries than a document has', () => {
    const file = docx({ document: documentXml(WORD_BODY) });
    const end = file.length - 22;
    new DataView(file.buffer).setUint16(end + 10, 0xfffe, true);
    expect(read(file)).toEqual({ ok: false, reason: 'notDocx' });
  });
});

describe('the words of a .docx must reach the parser whole', () => {
  it('keeps a title split over runs whole', () => {
    const text = textOf(docx({ document: documentXml(para(run('关于巡察'), run('整改情况的'), run('通报'))) }));
    expect(must(parseNotice(text).title)).toBe('关于巡察整改情况的通报');
  });
});
