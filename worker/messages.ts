/**
 * Every message a person reads, in one place (Simplified Chinese). Each tells the
 * person what to do. Tests assert them word for word; the web app imports them.
 */
import { noticeClosedMessage } from './closed-message';
import { waitText } from './wait-text';
import { CONTENT_MAX, CONTENT_MIN, NAME_MAX } from './feedback/rules';

const VALIDATION = '提交的信息有误，请按提示修改';

export const fieldMessages = {
  noticeSlug: { required: '请选择要监督的通报', unknown: '找不到这份通报，请返回通报页面重新选择' },
  itemId: { invalid: '请选择通报中的一项整改事项，或选择“整份通报”', unknown: '这份通报中没有所选的整改事项，请重新选择' },
  kind: { required: '请选择反馈类型：意见、建议、反映问题或表扬' },
  content: {
    required: '请填写反馈内容',
    tooShort: `反馈内容至少需要 ${CONTENT_MIN} 个字`,
    tooLong: `反馈内容不能超过 ${CONTENT_MAX} 个字，请删减后再提交`,
    invalidChars: '反馈内容含有无法识别的字符，请删除后再提交',
  },
  anonymous: { required: '请选择是否匿名提交' },
  name: { tooLong: `姓名不能超过 ${NAME_MAX} 个字`, invalidChars: '姓名含有无法识别的字符，请重新填写' },
  phone: { invalid: '请填写正确的电话号码，如 13812345678 或 0755-25772603' },
  email: { invalid: '请填写正确的电子邮箱，如 name@example.com' },
  consent: { required: '留下联系方式需要您同意个人信息处理说明；如不同意，请删除联系方式或选择匿名提交' },
  rating: { required: '请选择满意、基本满意或不满意', commentTooLong: '评价说明不能超过 500 个字', commentInvalidChars: '评价说明含有无法识别的字符，请删除后再提交' },
  contactWhenAnonymous: { refused: '匿名提交时不能留下联系方式；如需我们联系您，请关闭“匿名提交”' },
} as const;

export const errorMessages = {
  malformedJson: '提交的数据格式有误，请刷新页面后重试',
  tooLarge: '提交的内容过大，请删减后重试',
  notJson: '请以 JSON 格式提交（Content-Type: application/json）',
  // Refused by the Node host's HTTP parser before the app sees the request (server/client-error.ts).
  headersTooLarge: '网址或请求头过长，无法处理。请从本网站的页面重新打开，不要手动拼接过长的网址',
  badRequest: '请求格式有误，无法处理。请刷新页面后重试',
  requestTimeout: '请求发送时间过长，已中断。请检查网络后重试',
  validation: VALIDATION,
  notFound: '找不到您要访问的内容',
  officeUnavailable: '工作台暂时无法使用，请稍后重试；如持续出现，请联系系统管理员',
  notConfigured: '本服务尚未配置完成，暂时无法使用；请联系系统管理员',
  noticeNotFound: '找不到这份通报',
  itemNotFound: '找不到这项整改事项',
  feedbackNotFound: '找不到这条反馈：请核对编号和查询码',
  methodNotAllowed: '不支持这种请求方式',
  idempotencyKeyMissing: '请求缺少 Idempotency-Key（UUID），请刷新页面后重试',
  idempotencyConflict: '这次提交与之前使用同一请求编号的提交内容不同，请刷新页面后重新提交',
  cannotRate: '这条反馈目前不能评价：收到答复后才能评价',
  ratingFinal: '评价已超过 24 小时，不能再修改。如有新的意见，请再提交一条反馈',
  tooManyAttempts: (minutes: number) => `查询失败次数过多，请 ${waitText(minutes)}后再试；请核对编号和查询码`,
  tooManySubmissions: (minutes: number) =>
    `提交过于频繁，请 ${waitText(minutes)}后再提交。您填写的内容已保存在本机，不会丢失`,
  proofInvalid: '页面校验已过期，请刷新页面后重新提交。您填写的内容已保存在本机',
  internal: '系统暂时出现问题，您的操作未完成，请稍后重试',
  // The form sent without scripts: the server shows it again with what the person typed.
  formTooMany: (minutes: number) => `提交过于频繁，请 ${waitText(minutes)}后再按“提交”。您填写的内容仍在下面，请不要关闭本页`,
  /** Beside formTooMany: the notice's own office and phone (a tel: link), another way to be heard now. */
  formOrCall: (issuer: string, phone: string) => `不想等待，也可以致电${issuer} ${phone}`,
  formExpired: '这张表格已失效，请核对下面的内容后再按一次“提交”',
  formAlreadySent: '这张表格已经提交过一条反馈。如要再提交一条，请核对下面的内容后再按一次“提交”',
  formFromElsewhere: '请在本网站的反馈页面上提交。您填写的内容在下面，核对后请按“提交”',
  noticeClosed: noticeClosedMessage,
} as const;


/** The tracking page and the rating of a reply: their own module, so that the page loads none of the form's rules. */
export { trackMessages } from './track-messages';
/** A follow-up and a review request after a reply: their own module, loaded with the tracking page's lazy part. */
export { afterReplyMessages } from './after-reply-messages';
/** The receipt after sending: its own module, loaded with the receipt's chunk. */
export { receiptMessages } from './receipt-messages';
/** The public pages' frame: a few words of its own, kept out of the first views' other modules. */
export { pageMessages } from './page-messages';

/** Evidence photos: why one is refused, and what an upload as a whole is told (photos/messages.ts). */
export { photoMessages, photoUploadMessages } from './photos/messages';

export { waitText };

export type FieldErrors = Record<string, string>;

/** The message for a rule of `feedback/rules.ts`, e.g. 'content.tooShort'. */
export function ruleMessage(rule: string): string {
  const [field, key] = rule.split('.') as [keyof typeof fieldMessages, string];
  const group = fieldMessages[field] as Record<string, string> | undefined;
  return group?.[key] ?? VALIDATION;
}
