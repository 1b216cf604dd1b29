/**
 * What a notification says, and how each kind of target is sent it.
 *
 * A message is built from named, harmless fields only (the reference, the item's full label, a
 * deadline, a department's name, counts) and a link to the console: never from a feedback row,
 * so the submitter's name, phone, e-mail or words cannot slip in (PIPL; chat logs leave the
 * system and are kept by the chat vendor). Whoever follows the link signs in to read the rest.
 *
 * Bodies, research/next-features.md §4: WeCom markdown ≤ 4096 bytes; DingTalk markdown with a
 * title; Feishu text (no markdown msg_type), signed in the body; our webhook a JSON document.
 */
import type { NOTIFY_EVENTS } from '../db/schema';
import { longDate } from '../feedback/deadlines';
import { dingtalkSignedUrl, feishuSign, webhookSignature } from './sign';
import type { NotifyTargetKind } from './targets';

export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** A notification as stored in notify_outbox.message (JSON). */
export interface NotifyMessage {
  event: NotifyEvent;
  title: string;
  lines: string[];
  /** The console page to open, or null when the service's address is unknown (no PUBLIC_ORIGIN, daily job). */
  link: string | null;
}

/** What a message about one feedback may say. */
export interface FeedbackFacts {
  id: number;
  ref: string;
  /** The item's full label and title (item-label.ts itemHeading), or 整份通报. */
  item: string;
  /** The deadline that matters now, YYYY-MM-DD, and what it is (受理期限 while new, else 办理期限). */
  deadline: string;
  deadlineLabel: string;
  department: string | null;
}

const EVENT_TITLES: Record<NotifyEvent, string> = {
  assigned: '新分派的群众反馈',
  due_soon: '反馈即将到期',
  overdue: '反馈已超期',
  follow_up: '群众补充说明',
  review: '群众请求复查',
  test: '测试消息',
};

/** The console's page of one feedback. */
export function feedbackLink(origin: string | null, id: number): string | null {
  return origin ? `${origin}/staff/#/feedback/${id}` : null;
}

/** A message about one feedback: what happened, its reference, item, department and deadline. */
export function feedbackMessage(event: Exclude<NotifyEvent, 'test'>, f: FeedbackFacts, origin: string | null): NotifyMessage {
  const lines = [`编号：${f.ref}`, `事项：${f.item}`];
  if (f.department) lines.push(`承办部门：${f.department}`);
  lines.push(`${f.deadlineLabel}：${longDate(f.deadline)}`);
  return { event, title: `${EVENT_TITLES[event]} ${f.ref}`, lines, link: feedbackLink(origin, f.id) };
}

/** The overdue digest of one department (or of the whole office): how many, and the first references. */
export function overdueDigest(scope: string, refs: ReadonlyArray<{ ref: string; deadline: string }>, total: number, origin: string | null): NotifyMessage {
  const lines = [`${scope}共有 ${total} 件反馈已超过办理期限：`, ...refs.map((r) => `${r.ref}（期限 ${longDate(r.deadline)}）`)];
  if (total > refs.length) lines.push(`等 ${total} 件`);
  return { event: 'overdue', title: `超期反馈汇总：${scope} ${total} 件`, lines, link: origin ? `${origin}/staff/#/inbox?status=open&overdue=1` : null };
}

export function testMessage(targetName: string, origin: string | null): NotifyMessage {
  return { event: 'test', title: EVENT_TITLES.test, lines: [`这是整改监督工作台发往“${targetName}”的测试消息，收到即说明配置正确。`], link: origin ? `${origin}/staff/` : null };
}

/** The message as plain text: title, lines, link. */
export function messageText(m: NotifyMessage): string {
  return [m.title, ...m.lines, ...(m.link ? [`查看：${m.link}`] : [])].join('\n');
}

const encoder = new TextEncoder();

/** Cuts text to at most `maxBytes` of UTF-8, on a character boundary. */
export function fitBytes(text: string, maxBytes: number): string {
  if (encoder.encode(text).length <= maxBytes) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const n = encoder.encode(ch).length;
    if (used + n > maxBytes - 3) break;
    out += ch;
    used += n;
  }
  return `${out}…`;
}

function markdown(m: NotifyMessage): string {
  return [`**${m.title}**`, ...m.lines.map((l) => `> ${l}`), ...(m.link ? [`[打开工作台查看](${m.link})`] : [])].join('\n');
}

export interface DeliveryTarget {
  kind: NotifyTargetKind;
  url: string;
  secret: string | null;
}

/** What the generic webhook receives (JSON, signed). */
export interface WebhookPayload {
  event: NotifyEvent;
  /** The same for every retry of one notification: a receiver drops what it has seen. */
  id: string;
  title: string;
  lines: string[];
  link: string | null;
  text: string;
}

/** The request that delivers `m` to the target, signed as its kind requires, at `now`. */
export async function deliveryRequest(t: DeliveryTarget, m: NotifyMessage, deliveryId: string, now: number): Promise<Request> {
  // Never a redirect: the address was checked (targets.ts), where it would send the message was not.
  const json = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    new Request(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  switch (t.kind) {
    case 'wecom':
      return json(t.url, { msgtype: 'markdown', markdown: { content: fitBytes(markdown(m), 4096) } });
    case 'dingtalk':
      return json(await dingtalkSignedUrl(t.url, t.secret ?? '', now), { msgtype: 'markdown', markdown: { title: m.title, text: fitBytes(markdown(m), 4096) } });
    case 'feishu': {
      const timestamp = Math.floor(now / 1000);
      return json(t.url, { timestamp: String(timestamp), sign: await feishuSign(t.secret ?? '', timestamp), msg_type: 'text', content: { text: fitBytes(messageText(m), 16_000) } });
    }
    case 'webhook': {
      const timestamp = Math.floor(now / 1000);
      const payload: WebhookPayload = { event: m.event, id: deliveryId, title: m.title, lines: m.lines, link: m.link, text: messageText(m) };
      const body = JSON.stringify(payload);
      return json(t.url, body, {
        'x-signature': await webhookSignature(t.secret ?? '', timestamp, body),
        'x-signature-timestamp': String(timestamp),
        'x-notification-id': deliveryId,
      });
    }
  }
}

/**
 * Whether an answer means delivered. The bots answer HTTP 200 even when they refuse: WeCom and
 * DingTalk with `errcode` ≠ 0 (130101: sent too fast), Feishu with `code` ≠ 0 (19021: bad
 * signature, 11232: too fast). Our webhook: any 2xx.
 */
export async function deliveryOutcome(kind: NotifyTargetKind, res: Response): Promise<{ ok: boolean; error: string | null }> {
  if (res.status >= 300 && res.status <= 399) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: false, error: `HTTP ${res.status}：该地址要求转到别处，为安全起见不跟随；请填写机器人的最终地址` };
  }
  const text = await res.text().catch(() => '');
  if (res.status < 200 || res.status > 299) return { ok: false, error: `HTTP ${res.status} ${text.slice(0, 200)}`.trim() };
  if (kind === 'webhook') return { ok: true, error: null };
  let body: { errcode?: unknown; errmsg?: unknown; code?: unknown; msg?: unknown; StatusCode?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return { ok: false, error: `无法识别的应答：${text.slice(0, 200)}` };
  }
  const code = kind === 'feishu' ? (body.code ?? body.StatusCode) : body.errcode;
  if (code === 0) return { ok: true, error: null };
  return { ok: false, error: `${String(code)} ${String((kind === 'feishu' ? body.msg : body.errmsg) ?? '')}`.trim() };
}
