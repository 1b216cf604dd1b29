/**
 * What staff read when they put a notice online (Simplified Chinese), each
 * saying what to do next: why an uploaded file cannot be used (one message per
 * reason of `decodeNoticeFile`), the text's field messages, and what stops a
 * reading from being saved. The particulars (title, issuer, date, slug, prefix)
 * say what an edit of a notice says: worker/staff/notice-messages.ts. Tests
 * assert them word for word; the console imports them.
 */
import type { BuildProblem } from './build';
import { NOTICE_FILE_MAX_BYTES, NOTICE_TEXT_MAX_BYTES, type NoticeFileProblem } from './source';

const TEXT_LIMIT = `${NOTICE_TEXT_MAX_BYTES / 1024} KB`;
const FILE_LIMIT = `${NOTICE_FILE_MAX_BYTES / 1024 / 1024} MB`;

export const noticeFileMessages: Record<NoticeFileProblem, string> = {
  empty: '文件是空的，请选择含有通报全文的文件，或直接粘贴通报全文',
  tooLarge: `文件过大：通报文字不能超过 ${TEXT_LIMIT}，文件不能超过 ${FILE_LIMIT}。请删去图片等通报以外的内容后再上传`,
  binary: '无法读取文件中的文字，请上传用记事本、WPS 或 Word 保存的 .txt 文件，或直接粘贴通报全文',
  notDocx: '无法打开这个 .docx 文件，它可能已损坏或不是 Word 文档。请在 Word 或 WPS 中打开，另存为 .docx 后再上传',
  noText: '这个 .docx 文件中没有文字。如果通报是扫描的图片，请直接粘贴通报全文',
  unsupported: '只能上传 .txt 或 .docx 文件。.doc、.wps 文件请在 Word 或 WPS 中另存为 .docx 后再上传；PDF 文件请复制其中的文字，粘贴到文本框中',
};

export const noticeFieldMessages = {
  text: {
    required: '请粘贴通报全文，或上传 .txt、.docx 文件',
    tooLarge: `通报全文不能超过 ${NOTICE_TEXT_MAX_BYTES / 1024} KB（约 6 万字）；请只保留通报本身，或分成几份通报`,
    changed: '通报全文与识别时不同，请重新识别后再保存',
    invalidChars: '通报全文含有无法识别的字符（可能是乱码或文件内容），请检查后重新粘贴，或上传 .txt、.docx 文件',
  },
  level: { invalid: '请选择由哪一级标题构成整改事项' },
  roles: { invalid: '识别结果有误，请重新识别后再保存' },
  file: { invalid: '请重新选择文件' },
} as const;

/** Why the roles of a piece cannot stand where they are. */
export const buildProblemMessages: Record<BuildProblem, string> = {
  titleNotFirst: '标题只能是通报开头的几行',
  afterClosing: '结尾之后不能再有标题、整改事项或整改措施；请先把这一行之前的结尾改为正文',
  sectionWithoutItem: '整改措施和整改情况必须属于某个整改事项；请先把它上面的一行设为整改事项',
};

export const noticeErrors = {
  problems: '识别结果中有几行的位置不对，请按提示修改',
  notLossless: (at: number) => `整理后的通报与原文不一致（约第 ${at + 1} 个字处），没有保存。请重新识别后再试`,
} as const;
