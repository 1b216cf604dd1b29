import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { parseNotice } from '../../worker/notice';
import { noticeFileMessages } from '../../worker/notice/messages';
import { decodeNoticeFile, NOTICE_FILE_MAX_BYTES, NOTICE_TEXT_MAX_BYTES, type NoticeFileProblem } from '../../worker/notice/source';
import { allItems, isLossless } from './shape';

// Reading an uploaded .txt notice (the .docx cases are in source-docx.test.ts).
// GBK bytes cannot be made with TextEncoder, so they were made once with
// Python's codec and are written here as hex and base64.

const utf8 = (text: string) => new TextEncoder().encode(text);
const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const base64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};
function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfeff, endian === 'le');
  for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), endian === 'le');
  return out;
}
/** The same junk every run: a linear congruential generator. */
function junk(length: number, seed = 7): Uint8Array {
  let x = seed;
  return Uint8Array.from({ length }, () => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24));
}

const refused = (reason: NoticeFileProblem) => ({ ok: false, reason });

// python3: '…'.encode('gb18030'); the same bytes as GBK. Saved by Notepad as "ANSI" on a Chinese Windows, CRLF.
const GBK_NOTICE =
  'udjT2sf4zq+12svE0bKy7Nfpt7TAodLivPvV+7jEx+m/9rXEzaixqA0K0ruhotX7uMTC5Mq1x+m/9g0KMS7V67bUobC74dLpvMfCvLK7uea3tqGxtcTOysziDQrV+7jEtOvKqaO6zbPSu7vh0um8x8K8sb6jrNeoyMu8x8K8oaMNCtX7uMTH6b/2o7rS0c3qs8nV+7jEoaMNCjIu1eu21KGwuavO8dPDs7W53MDtsrvRz6GxtcTOysziDQrV+7jEtOvKqaO6vajBosXJs7W1x7zHzKjVy6GjDQrV+7jEx+m/9qO6s6TG2rzhs9ahow0K';
const GBK_NOTICE_TEXT = [
  '关于区委第四巡察组反馈意见整改情况的通报',
  '一、整改落实情况',
  '1.针对“会议记录不规范”的问题',
  '整改措施：统一会议记录本，专人记录。',
  '整改情况：已完成整改。',
  '2.针对“公务用车管理不严”的问题',
  '整改措施：建立派车登记台账。',
  '整改情况：长期坚持。',
  '',
].join('\r\n');

describe('decodeNoticeFile reads a .txt notice', () => {
  it('reads UTF-8 without a byte order mark', () => {
    expect(decodeNoticeFile(utf8('一、整改情况\n已完成。'), '通报.txt')).toEqual({
      ok: true,
      text: '一、整改情况\n已完成。',
      encoding: 'utf-8',
    });
  });

  it('drops the UTF-8 byte order mark that Notepad writes', () => {
    expect(decodeNoticeFile(concat(hex('efbbbf'), utf8('整改情况：已完成。')), 'a.txt')).toEqual({
      ok: true,
      text: '整改情况：已完成。',
      encoding: 'utf-8',
    });
  });

  it('reads UTF-16 little and big endian with their byte order marks ("Unicode" in Notepad)', () => {
    expect(decodeNoticeFile(utf16('整改措施：建立台账。', 'le'), 'a.txt')).toEqual({ ok: true, text: '整改措施：建立台账。', encoding: 'utf-16le' });
    expect(decodeNoticeFile(utf16('整改措施：建立台账。', 'be'), 'a.txt')).toEqual({ ok: true, text: '整改措施：建立台账。', encoding: 'utf-16be' });
  });

  it('reads GBK bytes (中文 = d6 d0 ce c4), which are not UTF-8, as GB18030', () => {
    expect(decodeNoticeFile(hex('d6d0cec4'), 'a.txt')).toEqual({ ok: true, text: '中文', encoding: 'gb18030' });
  });

  it('reads a whole notice saved in GBK, and the parser finds its items', () => {
    const file = decodeNoticeFile(base64(GBK_NOTICE), '巡察整改通报.txt');
    expect(file).toEqual({ ok: true, text: GBK_NOTICE_TEXT, encoding: 'gb18030' });
    if (!file.ok) return;
    const notice = parseNotice(file.text);
    expect(notice.title).toBe('关于区委第四巡察组反馈意见整改情况的通报');
    expect(allItems(notice).map((i) => [i.label, i.status])).toEqual([
      ['1.', 'completed'],
      ['2.', 'long_term'],
    ]);
    expect(isLossless(file.text, notice)).toBe(true);
  });

  it('reads GB18030 four-byte characters (㐀 = 81 39 ee 39, 𠀀 = 95 32 82 36) and the two-byte €', () => {
    // "张㐀𠀀：€" with 张 = d5 c5 and the full-width colon a3 ba.
    expect(decodeNoticeFile(hex('d5c58139ee3995328236a3baa2e3'), 'a.txt')).toEqual({ ok: true, text: '张㐀𠀀：€', encoding: 'gb18030' });
  });

  it('drops a GB18030 byte order mark (84 31 95 33)', () => {
    expect(decodeNoticeFile(hex('84319533d6d0cec4'), 'a.txt')).toEqual({ ok: true, text: '中文', encoding: 'gb18030' });
  });

  it('keeps the text exactly as written otherwise: CRLF, tabs, full-width spaces', () => {
    const text = '　　根据区委部署，\t现予公布。\r\n一、整改情况\r\n';
    expect(decodeNoticeFile(utf8(text), 'a.txt')).toEqual({ ok: true, text, encoding: 'utf-8' });
  });

  it('reads the extension in any case, after a browser path', () => {
    expect(decodeNoticeFile(utf8('通报'), 'C:\\fakepath\\通报.TXT').ok).toBe(true);
    expect(decodeNoticeFile(utf8('通报'), ' 通报.Txt ').ok).toBe(true);
  });
});

describe('decodeNoticeFile refuses a .txt that is not a notice', () => {
  it('refuses an empty file, and one of only blank lines', () => {
    expect(decodeNoticeFile(new Uint8Array(0), 'a.txt')).toEqual(refused('empty'));
    expect(decodeNoticeFile(utf8(' \r\n\r\n\t　\n'), 'a.txt')).toEqual(refused('empty'));
  });

  it('refuses binary junk: random bytes, a PNG, a zip, control characters', () => {
    expect(decodeNoticeFile(junk(4096), 'a.txt')).toEqual(refused('binary'));
    expect(decodeNoticeFile(hex('89504e470d0a1a0a0000000d4948445200000001000000010806000000'), 'a.txt')).toEqual(refused('binary'));
    expect(decodeNoticeFile(zipSync({ 'a.txt': strToU8('整改') }), 'a.txt')).toEqual(refused('binary'));
    expect(decodeNoticeFile(utf8('\x01\x02\x03\x04整改\x05\x06\x07\x08\x0e\x0f\x10'), 'a.txt')).toEqual(refused('binary'));
  });

  it('refuses bytes that are neither UTF-8 nor GB18030 (ff is never valid in either)', () => {
    expect(decodeNoticeFile(hex('d6d0cec4ff'), 'a.txt')).toEqual(refused('binary'));
  });

  it('refuses UTF-16 written without a byte order mark: its NULs make it binary', () => {
    expect(decodeNoticeFile(utf16('Notice text', 'le').subarray(2), 'a.txt')).toEqual(refused('binary'));
  });

  it('accepts a stray control character in a long text', () => {
    const text = `一、整改情况\f${'已完成整改。'.repeat(10)}\x07`;
    expect(decodeNoticeFile(utf8(text), 'a.txt')).toMatchObject({ ok: true, text });
  });
});

describe('decodeNoticeFile limits', () => {
  it(`accepts text of exactly ${NOTICE_TEXT_MAX_BYTES} bytes and refuses one byte more`, () => {
    expect(decodeNoticeFile(utf8('a'.repeat(NOTICE_TEXT_MAX_BYTES)), 'a.txt').ok).toBe(true);
    expect(decodeNoticeFile(utf8('a'.repeat(NOTICE_TEXT_MAX_BYTES + 1)), 'a.txt')).toEqual(refused('tooLarge'));
  });

  it('measures the decoded text in UTF-8: 70,000 characters are 140,000 bytes of GBK but 210,000 of UTF-8', () => {
    const gbk = hex('d6d0'.repeat(70_000));
    expect(gbk.length).toBeLessThan(NOTICE_TEXT_MAX_BYTES);
    expect(decodeNoticeFile(gbk, 'a.txt')).toEqual(refused('tooLarge'));
  });

  it(`refuses a file over ${NOTICE_FILE_MAX_BYTES / 1024 / 1024} MB before reading it`, () => {
    const big = new Uint8Array(NOTICE_FILE_MAX_BYTES + 1).fill(0x61);
    expect(decodeNoticeFile(big, 'a.txt')).toEqual(refused('tooLarge'));
    expect(decodeNoticeFile(big, 'a.docx')).toEqual(refused('tooLarge'));
  });
});

describe('decodeNoticeFile takes .txt and .docx only', () => {
  it.each(['通报.doc', '通报.pdf', '通报.wps', '通报.rtf', '通报.docx.zip', '通报', '.txt.', ''])('refuses %j as unsupported', (name) => {
    expect(decodeNoticeFile(utf8('一、整改情况'), name)).toEqual(refused('unsupported'));
  });

  it('says unsupported before it looks at the bytes', () => {
    expect(decodeNoticeFile(new Uint8Array(0), '通报.pdf')).toEqual(refused('unsupported'));
  });
});

describe('the messages for a file that cannot be used', () => {
  it('tell staff, for each reason, what to do', () => {
    expect(noticeFileMessages).toEqual({
      empty: '文件是空的，请选择含有通报全文的文件，或直接粘贴通报全文',
      tooLarge: '文件过大：通报文字不能超过 200 KB，文件不能超过 5 MB。请删去图片等通报以外的内容后再上传',
      binary: '无法读取文件中的文字，请上传用记事本、WPS 或 Word 保存的 .txt 文件，或直接粘贴通报全文',
      notDocx: '无法打开这个 .docx 文件，它可能已损坏或不是 Word 文档。请在 Word 或 WPS 中打开，另存为 .docx 后再上传',
      noText: '这个 .docx 文件中没有文字。如果通报是扫描的图片，请直接粘贴通报全文',
      unsupported:
        '只能上传 .txt 或 .docx 文件。.doc、.wps 文件请在 Word 或 WPS 中另存为 .docx 后再上传；PDF 文件请复制其中的文字，粘贴到文本框中',
    });
  });
});
