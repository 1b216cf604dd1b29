/**
 * The text of a .docx as written by Word or WPS: a ZIP archive whose
 * word/document.xml holds the paragraphs (ECMA-376 allows the main part
 * elsewhere, named by _rels/.rels; Word and WPS always write it here), with
 * word/numbering.xml and word/styles.xml for automatic numbering.
 */
import { readListNumbering } from './docx-numbering';
import { documentLines } from './docx-text';
import { looksLikeZip, readZipEntry, zipEntries, type ZipEntry } from './zip';

/**
 * The most word/document.xml may inflate to. Its markup is many times its
 * text: a 200 KB notice written in WPS is a few MB of XML at most.
 */
export const DOCX_DOCUMENT_MAX_BYTES = 16 * 1024 * 1024;
/** numbering.xml and styles.xml are tens of KB; past this they are ignored. */
const DEFINITIONS_MAX_BYTES = 4 * 1024 * 1024;

export type DocxText = { ok: true; text: string } | { ok: false; reason: 'notDocx' | 'noText' | 'tooLarge' };

export function readDocx(bytes: Uint8Array): DocxText {
  const entries = looksLikeZip(bytes) ? zipEntries(bytes) : null;
  if (!entries) return { ok: false, reason: 'notDocx' };
  // Part names are case-insensitive (OPC, ECMA-376 Part 2 §9.1.1.1); the first of a repeated name counts.
  const find = (name: string): ZipEntry | undefined => entries.find((e) => e.name.toLowerCase() === name);

  const main = find('word/document.xml');
  if (!main) return { ok: false, reason: 'notDocx' };
  const document = readZipEntry(bytes, main, DOCX_DOCUMENT_MAX_BYTES);
  if (document === 'tooLarge') return { ok: false, reason: 'tooLarge' };
  if (document === null) return { ok: false, reason: 'notDocx' };

  const definitions = (name: string): string | null => {
    const entry = find(name);
    const data = entry ? readZipEntry(bytes, entry, DEFINITIONS_MAX_BYTES) : null;
    return data instanceof Uint8Array ? decodeXml(data) : null;
  };
  const lines = documentLines(decodeXml(document), readListNumbering(definitions('word/numbering.xml'), definitions('word/styles.xml')));
  if (lines === null) return { ok: false, reason: 'notDocx' };
  const text = lines.join('\n');
  return /\S/.test(text) ? { ok: true, text } : { ok: false, reason: 'noText' };
}

/** XML parts are UTF-8 or, with a byte order mark, UTF-16 (XML 1.0 §4.3.3). */
function decodeXml(bytes: Uint8Array): string {
  const label = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  return new TextDecoder(label).decode(bytes);
}
