/**
 * Notification targets through the staff API (admins only): a message per field and rule, the
 * address and secret masked in every answer and in the audit log, a change or deletion on a
 * stale read refused, a test message sent at once with its attempt shown; and assignment, single
 * and bulk, telling the department's targets in the same batch, with the reference, the item's
 * full label, the deadline and a link, never the submitter's details or words.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { itemIdAt, seedSample } from '../helpers/api';
import { createDepartment, json, signedIn, submitPublic, type TestUser } from './helpers';
import { BOT_SECRETS, BOT_URLS, notifyApp, testReceiver } from './notify-helpers';

const receiver = testReceiver();
const api = notifyApp(receiver.outbound);
let admin: TestUser;
let handler: TestUser;
let departmentA: number;
let departmentB: number;
/** The department of the assignment tests, whose only target they add. */
let departmentC: number;

interface TargetJson {
  id: number;
  kind: string;
  name: string;
  url: string;
  secret: string | null;
  enabled: boolean;
  updatedAt: number;
  department: { id: number; name: string } | null;
}
interface ErrorJson {
  error: { code: string; message: string; fields?: Record<string, string> };
}

beforeAll(async () => {
  await seedSample();
  departmentA = await createDepartment();
  departmentB = await createDepartment();
  departmentC = await createDepartment('街道城管科');
  admin = await signedIn('admin');
  handler = await signedIn('handler');
});

async function create(body: Record<string, unknown>): Promise<TargetJson> {
  const res = await api('/notify-targets', { method: 'POST', cookie: admin.cookie, body });
  expect(res.status).toBe(201);
  return json<TargetJson>(res);
}

describe('adding a target', () => {
  it.each([
    [{ kind: 'wecom', name: '', url: BOT_URLS.wecom }, { name: '请填写渠道名称' }],
    [{ kind: 'wecom', name: '群', url: 'https://oapi.dingtalk.com/robot/send?access_token=x' }, { url: '企业微信群机器人的地址应以 https://qyapi.weixin.qq.com 开头' }],
    [{ kind: 'feishu', name: '群', url: 'https://open.feishu.cn.evil.cn/hook/x', secret: 's' }, { url: '飞书自定义机器人的地址应以 https://open.feishu.cn 或 https://open.larksuite.com 开头' }],
    [{ kind: 'webhook', name: '群', url: 'http://hooks.example.gov.cn/in', secret: 's' }, { url: '地址必须以 https:// 开头' }],
    [{ kind: 'webhook', name: '群', url: 'https://10.0.0.5/hook', secret: 's' }, { url: '不能发往本机或内网地址，请填写接收方的公网地址' }],
    [{ kind: 'dingtalk', name: '群', url: BOT_URLS.dingtalk }, { secret: '请填写“加签”的密钥（以 SEC 开头）' }],
    [{ kind: 'wecom', name: '群', url: BOT_URLS.wecom, secret: 'SECx' }, { secret: '企业微信群机器人不使用密钥，请留空' }],
    [{ kind: 'carrier-pigeon', name: '群', url: BOT_URLS.wecom }, { kind: '请选择渠道类型（企业微信、钉钉、飞书或通用 Webhook）' }],
    [{ kind: 'wecom', name: '群', url: BOT_URLS.wecom, departmentId: 999_999 }, { departmentId: '找不到这个部门' }],
  ])('%o is refused with a message per field', async (body, fields) => {
    const before = await env.DB.prepare('select count(*) n from notify_targets').first<{ n: number }>();
    const res = await api('/notify-targets', { method: 'POST', cookie: admin.cookie, body });
    expect(res.status).toBe(422);
    expect((await json<ErrorJson>(res)).error.fields).toEqual(fields);
    expect(await env.DB.prepare('select count(*) n from notify_targets').first<{ n: number }>()).toEqual(before);
  });

  it('is for admins only', async () => {
    const res = await api('/notify-targets', { method: 'POST', cookie: handler.cookie, body: { kind: 'wecom', name: '群', url: BOT_URLS.wecom } });
    expect(res.status).toBe(403);
    expect((await api('/notify-targets', { cookie: handler.cookie })).status).toBe(403);
  });

  it('never shows the key or the secret again: not in the answer, the list, nor the audit log', async () => {
    const kinds = ['wecom', 'dingtalk', 'feishu', 'webhook'] as const;
    const created: TargetJson[] = [];
    for (const kind of kinds) created.push(await create({ kind, name: `${kind} 群`, url: BOT_URLS[kind], secret: BOT_SECRETS[kind], departmentId: departmentB }));
    const list = await json<{ targets: TargetJson[] }>(await api('/notify-targets', { cookie: admin.cookie }));
    const audit = await env.DB.prepare("select before, after from audit_log where action like 'notify_target.%'").all();
    const shown = JSON.stringify([created, list, audit.results]);
    for (const kind of kinds) {
      const key = new URL(BOT_URLS[kind]).searchParams.values().next().value ?? BOT_URLS[kind].split('/').pop()!;
      expect(shown).not.toContain(key);
      if (BOT_SECRETS[kind]) expect(shown).not.toContain(BOT_SECRETS[kind]);
    }
    expect(created[0]).toMatchObject({ kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…5aaa', secret: null, enabled: true });
    expect(created[1]!.secret).toBe('SEC0…e8f9');
    expect(created[2]!.url).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/2bd6…0a99');
    // Each creation audited once, saying a secret is set but never what it is.
    const entries = await env.DB.prepare("select after from audit_log where action = 'notify_target.create' and target_id in (?, ?, ?, ?)").bind(...created.map((t) => String(t.id))).all<{ after: string }>();
    expect(entries.results.map((e) => JSON.parse(e.after).hasSecret)).toEqual([false, true, true, true]);
  });
});

describe('changing and deleting', () => {
  it('keeps the address and secret left out, refuses a stale change, and audits the change masked', async () => {
    const t = await create({ kind: 'dingtalk', name: '城管群', url: BOT_URLS.dingtalk, secret: BOT_SECRETS.dingtalk, departmentId: departmentA });
    const res = await api(`/notify-targets/${t.id}`, { method: 'PATCH', cookie: admin.cookie, body: { name: '城管科工作群', updatedAt: t.updatedAt } });
    expect(res.status).toBe(200);
    const changed = await json<TargetJson>(res);
    expect(changed).toMatchObject({ name: '城管科工作群', url: t.url, secret: t.secret });
    expect(await env.DB.prepare('select url, secret from notify_targets where id = ?').bind(t.id).first()).toEqual({ url: BOT_URLS.dingtalk, secret: BOT_SECRETS.dingtalk });

    const stale = await api(`/notify-targets/${t.id}`, { method: 'PATCH', cookie: admin.cookie, body: { name: '旧的', updatedAt: t.updatedAt } });
    expect(stale.status).toBe(409);
    expect((await json<ErrorJson>(stale)).error).toEqual({ code: 'stale', message: '这个通知渠道已被他人修改，请刷新后重试' });

    // Another kind needs its own address: checked on the target as it would be.
    const wrong = await api(`/notify-targets/${t.id}`, { method: 'PATCH', cookie: admin.cookie, body: { kind: 'wecom', updatedAt: changed.updatedAt } });
    expect(wrong.status).toBe(422);
    expect((await json<ErrorJson>(wrong)).error.fields).toEqual({ url: '企业微信群机器人的地址应以 https://qyapi.weixin.qq.com 开头', secret: '企业微信群机器人不使用密钥，请留空' });

    const audit = await env.DB.prepare("select before, after from audit_log where action = 'notify_target.update' and target_id = ?").bind(String(t.id)).all<{ before: string; after: string }>();
    expect(audit.results).toHaveLength(1);
    expect(JSON.parse(audit.results[0]!.before)).toMatchObject({ name: '城管群', url: t.url, hasSecret: true });
  });

  it('deletes a target with its notifications, as read', async () => {
    const t = await create({ kind: 'webhook', name: '临时', url: BOT_URLS.webhook, secret: BOT_SECRETS.webhook });
    await api(`/notify-targets/${t.id}/test`, { method: 'POST', cookie: admin.cookie });
    expect((await api(`/notify-targets/${t.id}?updatedAt=${t.updatedAt - 1}`, { method: 'DELETE', cookie: admin.cookie })).status).toBe(409);
    expect((await api(`/notify-targets/${t.id}?updatedAt=${t.updatedAt}`, { method: 'DELETE', cookie: admin.cookie })).status).toBe(204);
    expect(await env.DB.prepare('select count(*) n from notify_outbox where target_id = ?').bind(t.id).first()).toEqual({ n: 0 });
    expect((await api(`/notify-targets/${t.id}?updatedAt=${t.updatedAt}`, { method: 'DELETE', cookie: admin.cookie })).status).toBe(404);
  });
});

describe('a test message', () => {
  it('is sent at once, signed, and the answer shows the attempt; a failure is shown and kept for retry', async () => {
    const t = await create({ kind: 'feishu', name: '飞书群', url: BOT_URLS.feishu, secret: BOT_SECRETS.feishu });
    const before = receiver.got.length;
    const res = await api(`/notify-targets/${t.id}/test`, { method: 'POST', cookie: admin.cookie });
    expect(res.status).toBe(201);
    const { notification } = await json<{ notification: { state: string; attempts: Array<{ ok: boolean; status: number }>; message: { title: string } } }>(res);
    expect(notification).toMatchObject({ state: 'sent', attempts: [{ ok: true, status: 200 }], message: { title: '测试消息' } });
    expect(receiver.got).toHaveLength(before + 1);
    expect(receiver.got.at(-1)!.url).toBe(BOT_URLS.feishu);
    expect(JSON.parse(receiver.got.at(-1)!.body)).toMatchObject({ msg_type: 'text', sign: expect.any(String) });

    receiver.script.push(500);
    const failed = await json<{ notification: { state: string; attempts: Array<{ ok: boolean; status: number }>; lastError: string } }>(
      await api(`/notify-targets/${t.id}/test`, { method: 'POST', cookie: admin.cookie }),
    );
    expect(failed.notification).toMatchObject({ state: 'pending', attempts: [{ ok: false, status: 500 }], lastError: 'HTTP 500 {"code":9499,"msg":"error"}' });

    const outbox = await json<{ notifications: Array<{ targetId: number; attempts: unknown[] }> }>(await api(`/notify-targets/outbox?targetId=${t.id}`, { cookie: admin.cookie }));
    expect(outbox.notifications.map((n) => n.attempts.length)).toEqual([1, 1]);
  });
});

describe('assignment tells the department', () => {
  const contact = { anonymous: false, name: '张三丰', phone: '13812345678', email: 'zhang.sanfeng@example.com', consent: true };
  const content = '社区宣传栏的内容仍然没有更新，张三丰亲眼所见。';

  it('one message per target of that department, with reference, item, deadline and link, no personal details; none to another department or the office', async () => {
    const a = await create({ kind: 'wecom', name: 'A 群', url: `${BOT_URLS.wecom}-a`, departmentId: departmentC });
    const office = await create({ kind: 'webhook', name: '全办', url: BOT_URLS.webhook, secret: BOT_SECRETS.webhook });
    const itemId = await itemIdAt(1, 2, 1);
    const f = await submitPublic({ ...contact, itemId, content });
    const detail = await json<{ updatedAt: number; item: { fullLabel: string; title: string }; acknowledgeBy: string }>(await api(`/feedback/${f.id}`, { cookie: admin.cookie }));
    const before = receiver.got.length;

    const res = await api(`/feedback/${f.id}/assignment`, { method: 'POST', cookie: admin.cookie, body: { departmentId: departmentC, updatedAt: detail.updatedAt } });
    expect(res.status).toBe(200);
    const rows = await env.DB.prepare('select target_id, event, state from notify_outbox where feedback_id = ?').bind(f.id).all();
    expect(rows.results).toEqual([{ target_id: a.id, event: 'assigned', state: 'sent' }]);
    expect(rows.results.some((r) => r.target_id === office.id)).toBe(false);

    const sent = receiver.got.slice(before);
    expect(sent).toHaveLength(1);
    const text = (JSON.parse(sent[0]!.body) as { markdown: { content: string } }).markdown.content;
    const [y, m, d] = detail.acknowledgeBy.split('-');
    expect(text).toContain(f.ref);
    expect(text).toContain(`${detail.item.fullLabel} ${detail.item.title}`);
    expect(text).toContain('街道城管科');
    expect(text).toContain(`受理期限：${y}年${Number(m)}月${Number(d)}日`);
    expect(text).toContain(`http://localhost/staff/#/feedback/${f.id}`);
    for (const personal of [contact.name, contact.phone, contact.email, content, '宣传栏的内容仍然']) expect(text).not.toContain(personal);
  });

  it('a stale assignment writes no notification; the same department again adds none', async () => {
    const f = await submitPublic({ ...contact, content });
    const detail = await json<{ updatedAt: number }>(await api(`/feedback/${f.id}`, { cookie: admin.cookie }));
    expect((await api(`/feedback/${f.id}/assignment`, { method: 'POST', cookie: admin.cookie, body: { departmentId: departmentC, updatedAt: detail.updatedAt - 1 } })).status).toBe(409);
    expect(await env.DB.prepare('select count(*) n from notify_outbox where feedback_id = ?').bind(f.id).first()).toEqual({ n: 0 });
    const first = await json<{ updatedAt: number }>(await api(`/feedback/${f.id}/assignment`, { method: 'POST', cookie: admin.cookie, body: { departmentId: departmentC } }));
    await api(`/feedback/${f.id}/assignment`, { method: 'POST', cookie: admin.cookie, body: { departmentId: departmentC, updatedAt: first.updatedAt } });
    expect(await env.DB.prepare('select count(*) n from notify_outbox where feedback_id = ?').bind(f.id).first()).toEqual({ n: 1 });
  });

  it('bulk assignment tells the department of each feedback given to it', async () => {
    const [f1, f2] = [await submitPublic({ content }), await submitPublic({ content })];
    const res = await api('/feedback/bulk', { method: 'POST', cookie: admin.cookie, body: { action: 'assign', ids: [f1.id, f2.id], departmentId: departmentC } });
    expect(res.status).toBe(200);
    const rows = await env.DB.prepare('select feedback_id, state from notify_outbox where feedback_id in (?, ?) order by feedback_id').bind(f1.id, f2.id).all();
    expect(rows.results).toEqual([{ feedback_id: f1.id, state: 'sent' }, { feedback_id: f2.id, state: 'sent' }]);
  });

  it('a follow-up through the public API tells the department and the office, without the words sent', async () => {
    const office = await json<{ targets: TargetJson[] }>(await api('/notify-targets', { cookie: admin.cookie }));
    const officeTargets = office.targets.filter((t) => t.department === null && t.enabled).map((t) => t.id);
    const departmentTargets = office.targets.filter((t) => t.department?.id === departmentC).map((t) => t.id);
    const f = await submitPublic({ ...contact, content });
    await env.DB.prepare("update feedback set status = 'replied', reply = '已安排清理。', replied_at = ?, department_id = ? where id = ?").bind(Date.now(), departmentC, f.id).run();
    const before = receiver.got.length;
    const res = await api.raw(`/api/feedback/${f.ref}/follow-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-query-code': f.queryCode, 'cf-connecting-ip': '10.9.8.7', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ text: '张三丰补充：清理后第二天又堆满了。' }),
    });
    expect(res.status).toBe(201);
    const rows = await env.DB.prepare("select target_id, state from notify_outbox where feedback_id = ? and event = 'follow_up' order by target_id").bind(f.id).all<{ target_id: number; state: string }>();
    expect(rows.results.map((r) => r.target_id)).toEqual([...departmentTargets, ...officeTargets].sort((a, b) => a - b));
    expect(rows.results.every((r) => r.state === 'sent')).toBe(true);
    const sent = receiver.got.slice(before).map((g) => g.body).join('\n');
    expect(sent).toContain(`群众补充说明 ${f.ref}`);
    for (const personal of [contact.name, contact.phone, contact.email, '清理后第二天', content]) expect(sent).not.toContain(personal);
  });

  it("a follow-up's message links to the console only at PUBLIC_ORIGIN, never at the Host the public request named", async () => {
    const f = await submitPublic({ content });
    await env.DB.prepare("update feedback set status = 'replied', reply = '已安排清理。', replied_at = ?, department_id = ? where id = ?").bind(Date.now(), departmentC, f.id).run();
    const before = receiver.got.length;
    // On the Node host without a proxy, Host is whatever the client wrote.
    const res = await api.raw(`http://evil.example/api/feedback/${f.ref}/follow-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-query-code': f.queryCode, 'cf-connecting-ip': '10.9.8.6', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ text: '清理后第二天又堆满了，请再看看。' }),
    });
    expect(res.status).toBe(201);
    const sent = receiver.got.slice(before).map((g) => g.body);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.join('\n')).toContain(`群众补充说明 ${f.ref}`);
    expect(sent.join('\n')).not.toContain('evil.example');
  });
});
