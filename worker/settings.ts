/**
 * The settings, by name, with their defaults: wrangler.toml's [vars] on Cloudflare, environment
 * variables on the Node host (server/config.ts). tests/node/settings.test.ts holds this list and
 * wrangler.toml to the same names and values, and the README documents each.
 */
import type { Config } from './env';

export interface Setting {
  name: keyof Config;
  /** The value when nothing sets it; none for a secret or an optional setting. */
  default?: string;
  /** A secret: never in wrangler.toml, never logged. On the Node host the server will not start without it. */
  secret?: boolean;
}

export const SETTINGS: readonly Setting[] = [
  { name: 'ACKNOWLEDGE_DAYS', default: '15' },
  { name: 'REPLY_DAYS', default: '60' },
  { name: 'MAX_EXTENSION_DAYS', default: '30' },
  { name: 'OVERDUE_RULE', default: 'calendar' },
  { name: 'TRACK_ATTEMPTS_PER_HOUR', default: '10' },
  { name: 'LOOKUP_FAILURES_PER_HOUR', default: '30' },
  { name: 'SUBMISSIONS_PER_HOUR', default: '5' },
  { name: 'SUBMISSIONS_PER_DAY', default: '20' },
  { name: 'NO_SCRIPT_SUBMISSIONS_PER_HOUR', default: '2' },
  { name: 'NO_SCRIPT_SUBMISSIONS_PER_DAY', default: '5' },
  { name: 'PROOF_OF_WORK_MAX_NUMBER', default: '10000' },
  { name: 'CONTACT_RETENTION_DAYS', default: '1095' },
  { name: 'PUBLIC_ORIGIN' },
  { name: 'APP_SECRET', secret: true },
  // Mail in (worker/mail/): both optional. The gateway's key is a secret too (`wrangler secret put
  // INBOUND_MAIL_SECRET`), but the service runs without it: POST /api/inbound/email is then off.
  { name: 'INBOUND_MAIL_SECRET' },
  { name: 'MAIL_FROM' },
];

/** The configuration from a set of named values (the environment): each setting's value, else its default. */
export function configFrom(values: Readonly<Record<string, string | undefined>>): Config {
  const config: Config = {};
  for (const s of SETTINGS) {
    const value = values[s.name]?.trim() || s.default;
    if (value !== undefined) config[s.name] = value;
  }
  return config;
}

/** The secrets that have no value in `config`. */
export function missingSecrets(config: Config): string[] {
  return SETTINGS.filter((s) => s.secret && !config[s.name]?.trim()).map((s) => s.name);
}
