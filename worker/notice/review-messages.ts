/**
 * What staff read when they put a notice online (Simplified Chinese): field
 * messages of the new-notice form, and what stops a reading from being saved.
 * Tests assert them word for word; the console imports them. What an uploaded
 * file's problems say is in messages.ts beside this file.
 */
import type { BuildProblem } from './build';
import { ISSUER_MAX, TITLE_MAX } from './lifecycle';
import { NOTICE_TEXT_MAX_BYTES } from './source';

export const noticeFieldMessages = {
  text: {
    required: '请粘贴通报全文，或上传 .txt、.docx 文件',
    tooLarge: `通报全文不能超过 ${NOTICE_TEXT_MAX_BYTES / 1024} KB（约 6 万字）；请只保留通报本身，或分成几份通报`,
    changed: '通报全文与识别时不同，请重新识别后再保存',
    invalidChars: '通报全文含有无法识别的字符（可能是乱码或文件内容），请检查后重新粘贴，或上传 .txt、.docx 文件',
  },
  title: { required: '请填写通报标题', tooLong: `通报标题不能超过 ${TITLE_MAX} 个字` },
  issuer: { required: '请填写发布单位，如“中共××街道工作委员会”', tooLong: `发布单位不能超过 ${ISSUER_MAX} 个字` },
  publishedOn: { invalid: '请按 2026-11-30 的格式填写发布日期，或留空' },
  slug: {
    invalid: '网址名只能用小写字母、数字和连字符，以字母或数字开头，如 dongxiao-2023',
    taken: '这个网址名已被另一份通报使用，请换一个',
    reserved: '这个网址名是系统保留的，请换一个，如 dongxiao-2023',
  },
  refPrefix: {
    invalid: '编号前缀须为 2 至 3 个大写字母，如 DX',
    taken: '这个编号前缀已被另一份通报使用，请换一个，以免反馈编号混淆',
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
