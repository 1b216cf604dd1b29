/**
 * Notification targets (通知渠道): where a department's, or the office's, notifications go. Plain
 * rules: which address each kind of bot takes, which need a signing secret, how fast each may be
 * sent to, and how an address or a secret is shown once saved (never again in full: a bot's key
 * is in its URL, and whoever holds it can post to the group).
 *
 * Hosts and limits, research/next-features.md §4: WeCom qyapi.weixin.qq.com, 20 a minute;
 * DingTalk oapi.dingtalk.com, 20 a minute (then throttled for 10 minutes); Feishu
 * open.feishu.cn and Lark open.larksuite.com, 5 a second and 100 a minute.
 */
import { charCount, hasUnprintable, hasUnprintableInLine } from '../feedback/rules';
import type { NOTIFY_TARGET_KINDS } from '../db/schema';

export type NotifyTargetKind = (typeof NOTIFY_TARGET_KINDS)[number];

export const TARGET_NAME_MAX = 50;
export const TARGET_URL_MAX = 500;
export const TARGET_SECRET_MAX = 200;

/** The hosts a kind of bot's URL may name; null: any host over https (our generic webhook). */
export const TARGET_HOSTS: Record<NotifyTargetKind, readonly string[] | null> = {
  wecom: ['qyapi.weixin.qq.com'],
  dingtalk: ['oapi.dingtalk.com'],
  feishu: ['open.feishu.cn', 'open.larksuite.com'],
  webhook: null,
};

/**
 * Whether a kind needs a signing secret. WeCom has none (the key is in the URL). DingTalk is
 * used with 加签 only: its other guards are a keyword (weak) or an IP allow-list, which a Worker's
 * changing addresses cannot meet. Feishu with 签名校验, and our webhook is always signed.
 */
export const SECRET_REQUIRED: Record<NotifyTargetKind, boolean> = { wecom: false, dingtalk: true, feishu: true, webhook: true };

/** Sends allowed per window and target, below each vendor's limit. */
export const RATE_LIMITS: Record<NotifyTargetKind, ReadonlyArray<{ count: number; windowMs: number }>> = {
  wecom: [{ count: 20, windowMs: 60_000 }],
  dingtalk: [{ count: 20, windowMs: 60_000 }],
  feishu: [{ count: 5, windowMs: 1_000 }, { count: 100, windowMs: 60_000 }],
  webhook: [{ count: 60, windowMs: 60_000 }],
};

export interface TargetFields {
  kind: NotifyTargetKind;
  name: string;
  url: string;
  secret: string | null;
}

export type TargetRule =
  | 'name.required' | 'name.tooLong' | 'name.invalidChars'
  | 'url.required' | 'url.tooLong' | 'url.invalid' | 'url.notHttps' | 'url.wrongHost' | 'url.credentials' | 'url.privateHost'
  | 'secret.required' | 'secret.notUsed' | 'secret.tooLong' | 'secret.invalidChars';

/** The rules the fields (as they will be stored, trimmed) break, one per field. */
export function targetProblems(f: TargetFields): Partial<Record<'name' | 'url' | 'secret', TargetRule>> {
  const out: Partial<Record<'name' | 'url' | 'secret', TargetRule>> = {};
  const name = f.name.trim();
  if (name === '') out.name = 'name.required';
  else if (hasUnprintableInLine(name)) out.name = 'name.invalidChars';
  else if (charCount(name) > TARGET_NAME_MAX) out.name = 'name.tooLong';

  const url = f.url.trim();
  if (url === '') out.url = 'url.required';
  else if (url.length > TARGET_URL_MAX) out.url = 'url.tooLong';
  else if (!URL.canParse(url) || /\s/.test(url)) out.url = 'url.invalid';
  else {
    const u = new URL(url);
    const hosts = TARGET_HOSTS[f.kind];
    if (u.protocol !== 'https:') out.url = 'url.notHttps';
    else if (u.username || u.password) out.url = 'url.credentials';
    else if (hosts && !hosts.includes(u.hostname)) out.url = 'url.wrongHost';
    else if (isPrivateHost(u.hostname)) out.url = 'url.privateHost';
  }

  const secret = f.secret?.trim() ?? '';
  if (!SECRET_REQUIRED[f.kind]) {
    if (secret !== '') out.secret = 'secret.notUsed';
  } else if (secret === '') out.secret = 'secret.required';
  else if (hasUnprintable(secret) || /\s/.test(secret)) out.secret = 'secret.invalidChars';
  else if (secret.length > TARGET_SECRET_MAX) out.secret = 'secret.tooLong';
  return out;
}

/**
 * A host on this machine or a private network, named literally: the Node host runs inside an
 * office's network, and a webhook must not make it post to its neighbours (SSRF). Names that
 * resolve to such addresses are the network's firewall's to stop; this refuses what is plain,
 * written with the root's dot too (`localhost.`, `oa.internal.`), and NAT64's addresses of IPv4
 * (64:ff9b::/96). A delivery never follows a redirect (message.ts), so a public host cannot send
 * it on to one of these.
 */
export function isPrivateHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (h === 'localhost' || /\.(localhost|local|internal|lan|home\.arpa)$/.test(h)) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (h.includes(':')) return h === '::' || h === '::1' || /^f[cd]/.test(h) || /^fe[89ab]/.test(h) || h.startsWith('::ffff:') || h.startsWith('64:ff9b:');
  return false;
}

/** A credential shown once saved: its first and last four characters when long enough to spare them. */
export function maskValue(value: string): string {
  return value.length >= 16 ? `${value.slice(0, 4)}…${value.slice(-4)}` : '…';
}

/** Path segments that name a route rather than a credential: open-apis, bot, v2, hook, cgi-bin, send… */
const PLAIN_SEGMENT = /^(?:[A-Za-z][A-Za-z_.-]{0,23}|[A-Za-z0-9]{1,3})$/;

/**
 * The URL as shown once saved: scheme, host and the route's words kept; every query value
 * (WeCom's key, DingTalk's access_token) and every path segment that may be a token (Feishu's
 * hook id, a webhook's) masked.
 */
export function maskUrl(url: string): string {
  if (!URL.canParse(url)) return '…';
  const u = new URL(url);
  const path = u.pathname
    .split('/')
    .map((s) => (s === '' || PLAIN_SEGMENT.test(s) ? s : maskValue(s)))
    .join('/');
  const query = [...u.searchParams.keys()].map((k) => `${k}=${maskValue(u.searchParams.get(k) ?? '')}`).join('&');
  return `${u.protocol}//${u.host}${path}${query ? `?${query}` : ''}`;
}

/** The secret as shown once saved, or null when there is none. */
export function maskSecret(secret: string | null): string | null {
  return secret ? maskValue(secret) : null;
}
