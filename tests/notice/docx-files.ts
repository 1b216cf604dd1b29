/**
 * .docx files for the tests, built with fflate's zipSync the way Word and WPS
 * lay them out: [Content_Types].xml, the package and document relationships,
 * word/document.xml with the namespaces each writes on its root, and, when a
 * list is numbered automatically, word/numbering.xml and word/styles.xml.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';

const NS = {
  wpc: 'http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas',
  mc: 'http://schemas.openxmlformats.org/markup-compatibility/2006',
  o: 'urn:schemas-microsoft-com:office:office',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  m: 'http://schemas.openxmlformats.org/officeDocument/2006/math',
  v: 'urn:schemas-microsoft-com:vml',
  wp14: 'http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing',
  wp: 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing',
  w10: 'urn:schemas-microsoft-com:office:word',
  w: 'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  w14: 'http://schemas.microsoft.com/office/word/2010/wordml',
  wpg: 'http://schemas.microsoft.com/office/word/2010/wordprocessingGroup',
  wpi: 'http://schemas.microsoft.com/office/word/2010/wordprocessingInk',
  wne: 'http://schemas.microsoft.com/office/word/2006/wordml',
  wps: 'http://schemas.microsoft.com/office/word/2010/wordprocessingShape',
};

const DECLARATIONS = Object.entries(NS)
  .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
  .join(' ');

export type Writer = 'word' | 'wps';

/** The root element as each writer opens it. */
function root(writer: Writer): string {
  return writer === 'word'
    ? `<w:document ${DECLARATIONS} mc:Ignorable="w14 wp14">`
    : `<w:document ${DECLARATIONS} xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" xmlns:wpsCustomData="http://www.wps.cn/officeDocument/2013/wpsCustomData" mc:Ignorable="w14 w15 wp14">`;
}

const SECTION =
  '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425" w:num="1"/><w:docGrid w:type="lines" w:linePitch="579" w:charSpace="0"/></w:sectPr>';

export function documentXml(body: string, writer: Writer = 'word'): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n${root(writer)}<w:body>${body}${SECTION}</w:body></w:document>`;
}

export function numberingXml(definitions: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:numbering ${DECLARATIONS} mc:Ignorable="w14 wp14">${definitions}</w:numbering>`;
}

export function stylesXml(styles: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:styles xmlns:w="${NS.w}" xmlns:mc="${NS.mc}">${styles}</w:styles>`;
}

/** A paragraph as WPS writes one: layout properties, then a run per stretch of one formatting. */
export function wpsParagraph(runs: string[], props = ''): string {
  const rPr = '<w:rPr><w:rFonts w:hint="eastAsia" w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:cs="仿宋_GB2312"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>';
  const pPr = `<w:pPr><w:keepNext w:val="0"/><w:keepLines w:val="0"/><w:widowControl/><w:kinsoku/><w:wordWrap/><w:overflowPunct/><w:topLinePunct w:val="0"/><w:autoSpaceDE/><w:autoSpaceDN/><w:bidi w:val="0"/><w:adjustRightInd/><w:snapToGrid/>${props}<w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLine="640" w:firstLineChars="200"/><w:jc w:val="both"/><w:textAlignment w:val="auto"/>${rPr}</w:pPr>`;
  return `<w:p>${pPr}${runs.map((t) => `<w:r>${rPr}<w:t xml:space="preserve">${t}</w:t></w:r>`).join('')}</w:p>`;
}

export interface DocxParts {
  document: string;
  numbering?: string;
  styles?: string;
  /** Stored (no compression), as some tools write; fflate's level 0. */
  stored?: boolean;
  extra?: Zippable;
}

export function docx(parts: DocxParts): Uint8Array {
  const overrides = [
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>',
    parts.numbering ? '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>' : '',
    parts.styles ? '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' : '',
  ].join('');
  const files: Zippable = {
    '[Content_Types].xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides}</Types>`,
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(parts.document),
    ...(parts.numbering ? { 'word/numbering.xml': strToU8(parts.numbering) } : {}),
    ...(parts.styles ? { 'word/styles.xml': strToU8(parts.styles) } : {}),
    'word/_rels/document.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    ),
    ...parts.extra,
  };
  return zipSync(files, { level: parts.stored ? 0 : 6 });
}

/** Offset of the central directory entry of `name`, to tamper with its fields. */
export function centralEntry(zip: Uint8Array, name: string): number {
  const needle = strToU8(name);
  for (let at = 0; at + 46 + needle.length <= zip.length; at++) {
    if (zip[at] !== 0x50 || zip[at + 1] !== 0x4b || zip[at + 2] !== 0x01 || zip[at + 3] !== 0x02) continue;
    const nameLength = (zip[at + 28] ?? 0) | ((zip[at + 29] ?? 0) << 8);
    if (nameLength === needle.length && needle.every((b, i) => zip[at + 46 + i] === b)) return at;
  }
  throw new Error(`no central directory entry for ${name}`);
}

export function setU32(bytes: Uint8Array, at: number, value: number): void {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(at, value, true);
}
