/**
 * What the console's notification screens and the targets API say (Simplified Chinese), one
 * message per field and rule; tests assert the words.
 */
import { TARGET_HOSTS, TARGET_NAME_MAX, TARGET_SECRET_MAX, TARGET_URL_MAX, type NotifyTargetKind, type TargetRule } from './targets';

export const KIND_LABELS: Record<NotifyTargetKind, string> = {
  wecom: '企业微信群机器人',
  dingtalk: '钉钉自定义机器人',
  feishu: '飞书自定义机器人',
  webhook: '通用 Webhook',
};

export const notifyErrors = {
  targetNotFound: '找不到这个通知渠道',
  targetChanged: '这个通知渠道已被他人修改，请刷新后重试',
};

export const targetFieldMessages = {
  kind: { required: '请选择渠道类型（企业微信、钉钉、飞书或通用 Webhook）' },
  departmentId: { unknown: '找不到这个部门', invalid: '请选择部门，或选择“全办”' },
  name: { required: '请填写渠道名称', tooLong: `渠道名称不能超过 ${TARGET_NAME_MAX} 个字`, invalidChars: '渠道名称含有无法识别的字符，请重新填写' },
  url: {
    required: '请填写机器人的 Webhook 地址',
    tooLong: `地址不能超过 ${TARGET_URL_MAX} 个字符`,
    invalid: '这不是一个有效的网址，请从机器人设置中完整复制',
    notHttps: '地址必须以 https:// 开头',
    credentials: '地址中不能包含用户名或密码',
    privateHost: '不能发往本机或内网地址，请填写接收方的公网地址',
    wrongHost: (kind: NotifyTargetKind) => `${KIND_LABELS[kind]}的地址应以 https://${TARGET_HOSTS[kind]!.join(' 或 https://')} 开头`,
  },
  secret: {
    required: (kind: NotifyTargetKind) => (kind === 'dingtalk' ? '请填写“加签”的密钥（以 SEC 开头）' : kind === 'feishu' ? '请填写“签名校验”的密钥' : '请填写签名密钥'),
    notUsed: '企业微信群机器人不使用密钥，请留空',
    tooLong: `密钥不能超过 ${TARGET_SECRET_MAX} 个字符`,
    invalidChars: '密钥中不能有空格或无法识别的字符',
  },
  enabled: { invalid: '请选择是否启用' },
  updatedAt: { required: '缺少渠道的版本，请刷新页面后重试' },
} as const;

export function targetMessage(rule: TargetRule, kind: NotifyTargetKind): string {
  const [field, key] = rule.split('.') as ['name' | 'url' | 'secret', string];
  const m = (targetFieldMessages[field] as Record<string, string | ((k: NotifyTargetKind) => string)>)[key]!;
  return typeof m === 'function' ? m(kind) : m;
}
