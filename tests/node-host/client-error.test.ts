/**
 * Requests that Node's HTTP parser refuses before the app sees them (server/client-error.ts): a
 * URL or a header over its 16 KB limit, bytes that are not HTTP. The Node host as it runs
 * (scripts/node-server.ts) answers them in the app's error shape, with a message a person can
 * read, then closes the connection, and goes on serving.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeServer, type NodeServer } from '../../scripts/node-server';
import { errorMessages } from '../../worker/messages';

let server: NodeServer;
beforeAll(async () => {
  server = await startNodeServer();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

/** Sends `bytes` on a connection of its own and resolves with all that comes back before the server closes it. */
function raw(bytes: string): Promise<string> {
  const { hostname, port } = new URL(server.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(bytes));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no close within 10 s; got: ${answer.slice(0, 200)}`)));
  });
}

const headersTooLarge = { error: { code: 'headers_too_large', message: errorMessages.headersTooLarge } };

describe('when the Node host gets a request its HTTP parser refuses', () => {
  it('answers a URL over 16 KB with 431 in the error shape', async () => {
    const res = await fetch(`${server.baseUrl}/api/notices?q=${'a'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(await res.json()).toEqual(headersTooLarge);
  });

  it('answers a header over 16 KB with 431 in the error shape', async () => {
    const res = await fetch(`${server.baseUrl}/api/notices`, { headers: { 'x-padding': 'b'.repeat(20_000) } });
    expect(res.status).toBe(431);
    expect(await res.json()).toEqual(headersTooLarge);
  });

  it('answers bytes that are not HTTP with 400 in the error shape, and closes the connection', async () => {
    const answer = await raw('NOT HTTP AT ALL\r\n\r\n');
    const [head, body] = answer.split('\r\n\r\n');
    expect(head!.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(head).toContain('Connection: close');
    expect(JSON.parse(body!)).toEqual({ error: { code: 'bad_request', message: errorMessages.badRequest } });
  });

  it('goes on serving other requests', async () => {
    await fetch(`${server.baseUrl}/api/notices?q=${'a'.repeat(20_000)}`);
    const res = await fetch(`${server.baseUrl}/api/feedback/challenge`);
    expect(res.status).toBe(200);
  });
});
