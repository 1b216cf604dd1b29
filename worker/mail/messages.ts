/**
 * What mail in says to people: the answer to the sender, the reasons a mail is refused (to the
 * sending server through Email Routing, to the gateway through POST /api/inbound/email, to
 * admins on the console), and the timeline's words for the answer. Simplified Chinese.
 */
import { longDate } from '../feedback/deadlines';

export const refusalReasons = {
  too_large: '邮件过大（附件合计超过 10 MB）',
  unreadable: '无法解析的邮件',
  no_text: '邮件没有正文',
  auto_reply: '自动回复或退信',
  bulk: '群发或邮件列表',
  forged_sender: '发件人与投递地址不符',
  no_sender: '没有发件人地址',
  unknown_address: '收件地址不是任何通报公布的邮箱',
  notice_closed: '通报已停止收集意见',
  duplicate: '重复投递（同一 Message-ID）',
} as const;

export type RefusalReason = keyof typeof refusalReasons;

/** What the sending server is told (Email Routing's setReject), for mail a person may have sent. */
export const rejectText: Partial<Record<RefusalReason, string>> = {
  too_large: '邮件附件合计超过 10 MB，未能收取。请删减附件后重新发送。',
  unreadable: '邮件无法解析，未能收取。请以纯文本重新发送。',
  no_text: '邮件没有正文，未能收取。请在正文中写明您的意见后重新发送。',
  forged_sender: '发件人地址与投递地址不符，未能收取。',
  no_sender: '邮件没有发件人地址，未能收取。',
  unknown_address: '该地址不接收意见。请查看通报中公布的电子邮箱。',
  notice_closed: '该通报已停止收集意见。',
};

export const inboundMessages = {
  off: '本服务未开通邮件接收（未设置 INBOUND_MAIL_SECRET）',
  badSignature: '签名无效：请用 INBOUND_MAIL_SECRET 对“时间戳.邮件原文”计算 HMAC-SHA256，放在 X-Signature: sha256=<hex>',
  staleTimestamp: '时间戳缺失或与服务器时间相差超过 5 分钟：请在 X-Timestamp 中给出当前 Unix 时间（秒）',
  tooLarge: '邮件原文超过 15 MB，未能收取',
  empty: '请求中没有邮件原文',
} as const;

/** The timeline's internal note of the answer to a mail, by its outcome. */
export const answerNotes = {
  sent: '已回信告知编号、查询码和查询链接',
  failed: '回信发送失败，反映人未收到编号和查询码，请另行告知',
  not_configured: '未配置发信（SEND_EMAIL、MAIL_FROM），反映人未收到编号和查询码，请另行告知',
  limited: '同一发件人今日来信较多，未再回信；编号和查询码请另行告知',
} as const;

export type MailAnswer = keyof typeof answerNotes;

/** The answer to the sender: the reference, the query code, the tracking link, the deadline and how contact details are kept. */
export function answerMail(a: { ref: string; queryCode: string; link: string | null; acknowledgeBy: string; issuer: string; noticeTitle: string; subject: string }) {
  const lines = [
    '您好：',
    '',
    `您发给${a.issuer}的邮件已收到，作为对《${a.noticeTitle}》的反馈登记。`,
    '',
    `编号：${a.ref}`,
    `查询码：${a.queryCode}`,
    ...(a.link ? [`查询办理进度和答复：${a.link}`] : []),
    '',
    `请记下编号和查询码，凭它们查询办理进度和答复。我们将在 ${longDate(a.acknowledgeBy)} 前告知是否受理。`,
    '',
    `个人信息说明：您的邮箱地址只交给${a.issuer}负责办理群众反馈的工作人员，仅用于核实情况和答复您，不公开、不作他用；反馈办结后保存三年，期满删除。`,
    '',
    '本邮件由系统自动发出，请勿直接回复。',
  ];
  const subject = a.subject ? `已收到：${a.subject}`.slice(0, 200) : `已收到您的反馈（编号 ${a.ref}）`;
  return { subject, text: lines.join('\n') };
}
