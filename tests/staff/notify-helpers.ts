/**
 * Notification tests' own app: the same createApp() as both platforms', over this file's
 * database, with the test standing at the other end of the Outbound port (a receiver that keeps
 * what it got and answers from a script) and the background delivery waited for.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { createApp } from '../../worker/app';
import { createDb } from '../../worker/db/d1';
import type { Outbound } from '../../worker/ports';
import { r2PhotoStore } from '../../worker/r2-photos';
import { ORIGIN } from './helpers';

export interface Received {
  url: string;
  headers: Headers;
  body: string;
}

export function testReceiver() {
  const got: Received[] = [];
  /** Answers to give, in order (a status, or 'error' for a network failure); then 200. */
  const script: Array<number | 'error'> = [];
  const outbound: Outbound = async (request) => {
    got.push({ url: request.url, headers: request.headers, body: await request.text() });
    const next = script.shift() ?? 200;
    if (next === 'error') throw new TypeError('fetch failed');
    if (request.url.includes('feishu') || request.url.includes('larksuite')) return Response.json({ code: next === 200 ? 0 : 9499, msg: next === 200 ? 'success' : 'error' }, { status: next });
    if (request.url.includes('qq.com') || request.url.includes('dingtalk')) return Response.json({ errcode: next === 200 ? 0 : 500, errmsg: next === 200 ? 'ok' : 'error' }, { status: next });
    return new Response(null, { status: next });
  };
  return { got, script, outbound };
}

export function notifyApp(outbound: Outbound) {
  const app = createApp({ database: () => createDb(env.DB), assets: () => undefined, clientAddress: (c) => c.req.header('cf-connecting-ip'), outbound, photos: () => r2PhotoStore(env.PHOTOS) });
  /** A request through this app, its background work finished before answering. */
  async function raw(path: string, init: RequestInit = {}): Promise<Response> {
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(path.startsWith('http') ? path : `http://localhost${path}`, init), env, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }
  /** A request as the console makes it. */
  function api(path: string, { method = 'GET', body, cookie }: { method?: string; body?: unknown; cookie?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = cookie ? { cookie } : {};
    if (method !== 'GET') Object.assign(headers, { origin: ORIGIN, 'content-type': 'application/json' });
    return raw(`/api/staff${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }
  return Object.assign(api, { raw });
}

export const BOT_URLS = {
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aoc-4bc4-97a0-0ec2sifa5aaa',
  dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef',
  feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/2bd6e1c3-8b4c-4f0e-9d1e-6f3a2c1b0a99',
  webhook: 'https://hooks.example.gov.cn/notify/s3cr3tt0k3n-0123456789',
} as const;

export const BOT_SECRETS = {
  wecom: null,
  dingtalk: 'SEC0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
  feishu: 'feishu-secret-qpZ0Lm6hRzLh3Xn8',
  webhook: 'webhook-secret-0123456789abcdef',
} as const;
