/**
 * A deployment without its secrets (worker/settings.ts: APP_SECRET) answers 503 to every request
 * that does not come to a loopback address. Without APP_SECRET the clients' fingerprints would be
 * keyed by the development value written in this repository, and an address (IPv4 has only 2³²)
 * could be found again from its fingerprint: the personal information the fingerprint is there to
 * keep out of the database. The Node server refuses to start so (server/options.ts); a Worker has
 * no start, so it refuses each request instead. On localhost, `npm start` and the tests run
 * without a secret, with the development value and a warning (http/client.ts appSecret).
 */
import type { Config } from '../env';
import { errorMessages } from '../messages';
import { missingSecrets } from '../settings';
import { ApiError } from './errors';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Throws the 503 where `config` lacks a secret and `url` is not on a loopback address. */
export function refuseWithoutSecrets(config: Config, url: string): void {
  if (missingSecrets(config).length > 0 && !LOOPBACK.has(new URL(url).hostname)) {
    throw new ApiError(503, 'service_not_configured', errorMessages.notConfigured, undefined, { 'cache-control': 'no-store' });
  }
}
