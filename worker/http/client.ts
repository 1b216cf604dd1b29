/**
 * Who is asking, as far as limits and flood clearing need to know: a fingerprint
 * of the client's address, never the address itself. The fingerprint is an HMAC
 * under the deployment's secret, so the database alone cannot be searched for an
 * address (IPv4 has only 2³² of them). IPv6 clients are taken by their /64, the
 * block one subscriber is usually given.
 */
import type { Config } from '../env';
import { hmacHex } from '../lib/crypto';

/** Used when APP_SECRET is not set: fine on a laptop, never in production (the README says so). */
const DEVELOPMENT_SECRET = 'rectification-watch-development-secret';
let warned = false;

export function appSecret(env: Pick<Config, 'APP_SECRET'>): string {
  const secret = env.APP_SECRET?.trim();
  if (secret) return secret;
  if (!warned) {
    warned = true;
    console.warn('APP_SECRET is not set: using the development secret. Set it with `wrangler secret put APP_SECRET`.');
  }
  return DEVELOPMENT_SECRET;
}

/** The network a client address stands for: the address itself, or an IPv6 address's /64. */
export function networkOf(address: string): string {
  const a = address.trim().toLowerCase();
  if (!a.includes(':')) return a;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped) return mapped[1]!;
  const [head = '', tail] = a.split('::', 2);
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back];
  return `${groups.slice(0, 4).map((g) => (parseInt(g, 16) || 0).toString(16)).join(':')}::/64`;
}

/** The fingerprint of a client address under `secret` (hex): HMAC-SHA-256, its key imported once per secret (lib/crypto.ts). */
export function fingerprint(secret: string, address: string): Promise<string> {
  return hmacHex(secret, `client:${networkOf(address)}`);
}

/**
 * The fingerprint of the client making this request, from the address the platform vouches
 * for (worker/platform.ts: the address the edge gives on Cloudflare, the trusted proxy's header or the socket
 * on the Node host); without one (tests, a bare local server) every request is one client.
 */
export function clientFingerprint(c: { env: Pick<Config, 'APP_SECRET'>; var: { clientAddress: string | undefined } }): Promise<string> {
  return fingerprint(appSecret(c.env), c.var.clientAddress ?? 'unknown');
}
