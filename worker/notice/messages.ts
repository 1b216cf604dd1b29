/**
 * What staff read when an uploaded notice file cannot be used, one message
 * per reason of `decodeNoticeFile`, each saying what to do next.
 */
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
