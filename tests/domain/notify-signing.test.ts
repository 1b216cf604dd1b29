/**
 * Signing for the chat bots and the generic webhook (worker/notify/sign.ts), checked against the
 * vendors' documented algorithms computed here independently with Node's crypto, as their own
 * Python samples do (hmac.new(...).digest(), base64, quote_plus); research/next-features.md §4.
 * No vendor publishes a fixed input/output pair, so these vectors are derived from the
 * documented algorithm, not copied from the code under test. Also: each bot's request is shaped
 * as its doc says, and the masking of keys and secrets once saved.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deliveryOutcome, deliveryRequest, type NotifyMessage } from '../../worker/notify/message';
import { dingtalkSign, dingtalkSignedUrl, feishuSign, webhookSignature } from '../../worker/notify/sign';
import { maskSecret, maskUrl, targetProblems } from '../../worker/notify/targets';

const DING_SECRET = 'SEC1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b';
const FEISHU_SECRET = 'qpZ0Lm6hRzLh3Xn8uYt2Wb';

/** DingTalk's sample: string_to_sign = f'{timestamp}\n{secret}'; hmac.new(secret, string_to_sign, sha256); quote_plus(b64). */
function dingtalkReference(secret: string, timestampMs: number): string {
  const b64 = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  return encodeURIComponent(b64);
}

/** Feishu's sample: hmac.new(string_to_sign.encode(), digestmod=sha256) — the string is the key, the message empty. */
function feishuReference(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

const message: NotifyMessage = { event: 'assigned', title: '新分派的群众反馈 DX-2611-7K3Q', lines: ['编号：DX-2611-7K3Q', '事项：二（三）2 宣传栏'], link: 'https://jd.example.gov.cn/staff/#/feedback/7' };

describe('DingTalk 加签', () => {
  it('signs timestamp + "\\n" + secret with the secret, in milliseconds, as DingTalk documents', async () => {
    const ts = 1_795_820_120_123;
    expect(await dingtalkSign(DING_SECRET, ts)).toBe(createHmac('sha256', DING_SECRET).update(`${ts}\n${DING_SECRET}`).digest('base64'));
    const url = await dingtalkSignedUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', DING_SECRET, ts);
    expect(url).toBe(`https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=${ts}&sign=${dingtalkReference(DING_SECRET, ts)}`);
  });

  it('URL-encodes the base64 (+, / and = never reach the query as they are)', async () => {
    // Find timestamps whose signature holds each character that needs encoding.
    for (let ts = 1_700_000_000_000; ts < 1_700_000_000_050; ts++) {
      const url = new URL(await dingtalkSignedUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', DING_SECRET, ts));
      expect(url.searchParams.get('sign')).toBe(createHmac('sha256', DING_SECRET).update(`${ts}\n${DING_SECRET}`).digest('base64'));
      expect(url.search).not.toMatch(/sign=[^&]*[+/=]/);
    }
  });
});

describe('Feishu 签名校验', () => {
  it('keys HMAC-SHA256 with timestamp + "\\n" + secret over an empty message, in seconds', async () => {
    const ts = 1_599_360_473;
    expect(await feishuSign(FEISHU_SECRET, ts)).toBe(feishuReference(FEISHU_SECRET, ts));
    // The trap: signing the string as the message with the secret as key gives another value.
    expect(await feishuSign(FEISHU_SECRET, ts)).not.toBe(createHmac('sha256', FEISHU_SECRET).update(`${ts}\n${FEISHU_SECRET}`).digest('base64'));
  });

  it('puts timestamp (seconds, a string) and sign in the JSON body', async () => {
    const now = 1_599_360_473_999;
    const req = await deliveryRequest({ kind: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/x', secret: FEISHU_SECRET }, message, 'notify-1', now);
    const body = (await req.json()) as { timestamp: string; sign: string; msg_type: string; content: { text: string } };
    expect(body.timestamp).toBe('1599360473');
    expect(body.sign).toBe(feishuReference(FEISHU_SECRET, 1_599_360_473));
    expect(body.msg_type).toBe('text');
    expect(body.content.text).toContain('DX-2611-7K3Q');
  });
});

describe('the generic webhook', () => {
  it('sends X-Signature: sha256=hex(HMAC(secret, timestamp + "." + body)) with the timestamp and a stable id', async () => {
    const now = 1_795_820_120_000;
    const req = await deliveryRequest({ kind: 'webhook', url: 'https://hooks.example.gov.cn/in', secret: 'webhook-secret-0123456789' }, message, 'notify-42', now);
    const body = await req.text();
    const ts = req.headers.get('x-signature-timestamp');
    expect(ts).toBe('1795820120');
    expect(req.headers.get('x-signature')).toBe(`sha256=${createHmac('sha256', 'webhook-secret-0123456789').update(`${ts}.${body}`).digest('hex')}`);
    expect(await webhookSignature('webhook-secret-0123456789', 1_795_820_120, body)).toBe(req.headers.get('x-signature'));
    expect(req.headers.get('x-notification-id')).toBe('notify-42');
    expect(JSON.parse(body)).toMatchObject({ event: 'assigned', id: 'notify-42', link: message.link });
  });
});

describe('each bot gets its own body', () => {
  it('WeCom: markdown, key in the URL untouched, no signature', async () => {
    const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aoc-4bc4-97a0-0ec2sifa5aaa';
    const req = await deliveryRequest({ kind: 'wecom', url, secret: null }, message, 'notify-1', Date.now());
    expect(req.url).toBe(url);
    const body = (await req.json()) as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toContain('[打开工作台查看](https://jd.example.gov.cn/staff/#/feedback/7)');
  });

  it('WeCom: a long message is cut to 4096 bytes of UTF-8', async () => {
    const long = { ...message, lines: Array.from({ length: 400 }, (_, i) => `第${i}行：整改事项的编号与期限`) };
    const req = await deliveryRequest({ kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', secret: null }, long, 'n', Date.now());
    const body = (await req.json()) as { markdown: { content: string } };
    expect(new TextEncoder().encode(body.markdown.content).length).toBeLessThanOrEqual(4096);
    expect(body.markdown.content.endsWith('…')).toBe(true);
  });

  it('DingTalk: markdown with a title, signed on the URL', async () => {
    const now = 1_795_820_120_123;
    const req = await deliveryRequest({ kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: DING_SECRET }, message, 'n', now);
    expect(req.url).toBe(`https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=${now}&sign=${dingtalkReference(DING_SECRET, now)}`);
    expect(await req.json()).toMatchObject({ msgtype: 'markdown', markdown: { title: message.title } });
  });

  it('reads a bot refusal in a 200 answer as a failure (errcode, code)', async () => {
    const answer = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
    expect(await deliveryOutcome('wecom', answer({ errcode: 0, errmsg: 'ok' }))).toEqual({ ok: true, error: null });
    expect(await deliveryOutcome('dingtalk', answer({ errcode: 130101, errmsg: 'send too fast' }))).toEqual({ ok: false, error: '130101 send too fast' });
    expect(await deliveryOutcome('feishu', answer({ code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' }))).toMatchObject({ ok: false });
    expect(await deliveryOutcome('feishu', answer({ code: 0, msg: 'success' }))).toEqual({ ok: true, error: null });
    expect(await deliveryOutcome('webhook', new Response(null, { status: 204 }))).toEqual({ ok: true, error: null });
    expect(await deliveryOutcome('webhook', new Response('down', { status: 503 }))).toEqual({ ok: false, error: 'HTTP 503 down' });
  });

  it('never follows a redirect: each kind asks for none, and a 3xx answer is a failure that says why', async () => {
    for (const t of [
      { kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', secret: null },
      { kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: DING_SECRET },
      { kind: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/x', secret: 'abc' },
      { kind: 'webhook', url: 'https://hooks.example.gov.cn/in', secret: 's' },
    ] as const) {
      expect((await deliveryRequest(t, message, 'n', Date.now())).redirect).toBe('manual');
    }
    const moved = new Response('internal page: db_password=hunter2', { status: 307, headers: { location: 'http://10.0.0.8/admin/reset' } });
    const outcome = await deliveryOutcome('webhook', moved);
    expect(outcome).toEqual({ ok: false, error: 'HTTP 307：该地址要求转到别处，为安全起见不跟随；请填写机器人的最终地址' });
  });
});

describe('a saved key or secret is never shown again in full', () => {
  it.each([
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aoc-4bc4-97a0-0ec2sifa5aaa', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…5aaa', '693a91f6-7aoc-4bc4-97a0'],
    ['https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef', 'https://oapi.dingtalk.com/robot/send?access_token=0123…cdef', '456789abcdef0123'],
    ['https://open.feishu.cn/open-apis/bot/v2/hook/2bd6e1c3-8b4c-4f0e-9d1e-6f3a2c1b0a99', 'https://open.feishu.cn/open-apis/bot/v2/hook/2bd6…0a99', '8b4c-4f0e'],
    ['https://hooks.example.gov.cn/notify/s3cr3tt0k3n?sig=abc', 'https://hooks.example.gov.cn/notify/…?sig=…', 's3cr3t'],
  ])('%s', (url, shown, hidden) => {
    expect(maskUrl(url)).toBe(shown);
    expect(maskUrl(url)).not.toContain(hidden);
  });

  it('a secret shows its first and last four characters at most', () => {
    expect(maskSecret(DING_SECRET)).toBe(`SEC1…${DING_SECRET.slice(-4)}`);
    expect(maskSecret('short')).toBe('…');
    expect(maskSecret(null)).toBeNull();
  });
});

describe('addresses per kind', () => {
  const ok = { name: '办公室群', secret: null };
  it.each([
    ['wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', null, {}],
    ['wecom', 'https://oapi.dingtalk.com/robot/send?access_token=t', null, { url: 'url.wrongHost' }],
    ['wecom', 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', null, { url: 'url.notHttps' }],
    ['wecom', 'https://qyapi.weixin.qq.com/x', 'SECabc', { secret: 'secret.notUsed' }],
    ['dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=t', null, { secret: 'secret.required' }],
    ['dingtalk', 'https://oapi.dingtalk.com.evil.cn/robot/send', 'SECabc', { url: 'url.wrongHost' }],
    ['feishu', 'https://open.larksuite.com/open-apis/bot/v2/hook/x', 'abc', {}],
    ['feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/x', 'a b', { secret: 'secret.invalidChars' }],
    ['webhook', 'https://hooks.example.gov.cn/in', 's', {}],
    ['webhook', 'https://user:pw@hooks.example.gov.cn/in', 's', { url: 'url.credentials' }],
    ['webhook', 'not a url', 's', { url: 'url.invalid' }],
    ['webhook', 'https://127.0.0.1:8787/api/staff/users', 's', { url: 'url.privateHost' }],
    ['webhook', 'https://192.168.1.20/hook', 's', { url: 'url.privateHost' }],
    ['webhook', 'https://[::1]/hook', 's', { url: 'url.privateHost' }],
    ['webhook', 'https://[fd00::1]/hook', 's', { url: 'url.privateHost' }],
    ['webhook', 'https://localhost/hook', 's', { url: 'url.privateHost' }],
    ['webhook', 'https://oa.internal/hook', 's', { url: 'url.privateHost' }],
    // The root's dot changes nothing: these name the same hosts.
    ['webhook', 'https://localhost./hook', 's', { url: 'url.privateHost' }],
    ['webhook', 'https://oa.internal./hook', 's', { url: 'url.privateHost' }],
    ['webhook', 'https://nas.lan./hook', 's', { url: 'url.privateHost' }],
    ['webhook', 'https://10.0.0.8./hook', 's', { url: 'url.privateHost' }],
    ['webhook', 'https://[64:ff9b::a00:8]/hook', 's', { url: 'url.privateHost' }],
    ['webhook', 'https://hooks.example.gov.cn./in', 's', {}],
    ['webhook', 'https://172.32.0.1/hook', 's', {}],
    ['webhook', '', '', { url: 'url.required', secret: 'secret.required' }],
  ] as const)('%s %s', (kind, url, secret, problems) => {
    expect(targetProblems({ ...ok, kind, url, secret })).toEqual(problems);
  });
});
