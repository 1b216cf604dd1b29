/**
 * A notification never follows a redirect, with the Node host's own fetch (undici), against real
 * sockets: a receiver on a public address that answers 307 towards a service inside the office's
 * network does not get the message delivered there (SSRF), and the attempt records a failure.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryOutcome, deliveryRequest, type NotifyMessage } from '../../worker/notify/message';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

const insideHits: string[] = [];
const inside = createServer((req, res) => {
  insideHits.push(`${req.method} ${req.url}`);
  res.writeHead(500).end('internal admin page: db_password=hunter2');
});
let insideUrl = '';
const redirecting = createServer((_req, res) => {
  res.writeHead(307, { location: `${insideUrl}/admin/reset` }).end();
});
let redirectingUrl = '';

beforeAll(async () => {
  insideUrl = await listen(inside);
  redirectingUrl = await listen(redirecting);
});
afterAll(() => {
  inside.close();
  redirecting.close();
});

describe('a webhook that answers with a redirect', () => {
  it('is not followed: the service it points to gets nothing, and the attempt fails saying why', async () => {
    const message: NotifyMessage = { event: 'test', title: '测试消息', lines: ['一行'], link: null };
    const request = await deliveryRequest({ kind: 'webhook', url: `${redirectingUrl}/hook`, secret: 's' }, message, 'n-1', Date.now());
    const res = await fetch(request);
    expect(res.status).toBe(307);
    expect(await deliveryOutcome('webhook', res)).toEqual({ ok: false, error: 'HTTP 307：该地址要求转到别处，为安全起见不跟随；请填写机器人的最终地址' });
    expect(insideHits).toEqual([]);
  });
});
