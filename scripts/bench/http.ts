/**
 * The HTTP client of the load benches: node:http over a keep-alive agent holding
 * exactly `connections` sockets, so "64 connections" means 64 TCP connections
 * reused for the whole run (the benches keep one request in flight per
 * connection). node:http rather than the global fetch: it needs no dependency,
 * lets the socket count be fixed, and costs the client less CPU per request on a
 * machine whose two cores the server shares.
 *
 * A request that gets no complete answer (refused, reset, timed out) rejects;
 * the benches count those as errors, apart from the statuses.
 *
 * One-off requests outside a run (`requestOnce`) take a connection of their own:
 * a pooled one idle for seconds, while wrangler ran a command, may be closed by
 * the server just as it is reused, and a POST is not retried.
 */
import { Agent, request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text, decoded the first time it is read. */
  readonly body: string;
}

export interface BenchClient {
  request(method: 'GET' | 'POST', path: string, headers?: Record<string, string>, body?: string): Promise<Reply>;
  close(): void;
}

/** No answer within this long counts as a failure (a hung server, not a slow one). */
const TIMEOUT_MS = 30_000;

/**
 * `acceptEncoding`: sent with every request, as a browser sends it (Chromium: `gzip, deflate, br,
 * zstd`); a gzip or br answer is decompressed when its body is read. Unset, none is sent, as wrk sends none.
 */
export function benchClient(baseUrl: string, connections: number, acceptEncoding?: string): BenchClient {
  return clientWith(baseUrl, new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections, scheduling: 'fifo' }), acceptEncoding);
}

/** One request on a fresh connection, closed after. */
export async function requestOnce(baseUrl: string, method: 'GET' | 'POST', path: string, headers?: Record<string, string>, body?: string): Promise<Reply> {
  const client = clientWith(baseUrl, new Agent({ keepAlive: false }));
  try {
    return await client.request(method, path, headers, body);
  } finally {
    client.close();
  }
}

/** A body as sent with `encoding`: gzip and br are decoded; any other is an error, never read as text. */
function decoded(received: Buffer, encoding: string | undefined): Buffer {
  if (encoding === undefined || encoding === 'identity') return received;
  if (encoding === 'gzip') return gunzipSync(received);
  if (encoding === 'br') return brotliDecompressSync(received);
  throw new Error(`a body in Content-Encoding ${encoding}, which the bench client does not decode`);
}

function clientWith(baseUrl: string, agent: Agent, acceptEncoding?: string): BenchClient {
  const url = new URL(baseUrl);
  return {
    request(method, path, given = {}, body) {
      const headers = acceptEncoding ? { 'accept-encoding': acceptEncoding, ...given } : given;
      return new Promise<Reply>((resolve, reject) => {
        const req = request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method,
            path,
            headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
            timeout: TIMEOUT_MS,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              const received = Buffer.concat(chunks);
              const encoding = res.headers['content-encoding'];
              let text: string | undefined;
              // Decoded when read: a load generator need not (wrk does not), and decoding a notice
              // page's 34 KB was most of the client's CPU for it, on the cores the server shares.
              resolve({ status: res.statusCode ?? 0, headers: res.headers, get body() {
                return (text ??= decoded(received, encoding).toString('utf8'));
              } });
            });
            res.on('error', reject);
          },
        );
        req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
        req.on('error', reject);
        req.end(body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
