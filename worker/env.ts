/**
 * What every route may read: the configuration (the same names on Cloudflare, where they are
 * wrangler.toml's [vars] and secrets, and on the Node host, where they are environment
 * variables: worker/settings.ts lists them), and per-request variables that the platform
 * fills in (worker/platform.ts). No route reads a platform binding itself.
 */
import type { AssetFetcher } from './assets';
import type { Db } from './db/client';
import type { Mailer, NoticeCache, Outbound, PhotoStore } from './ports';
import type { StaffUser } from './staff/roles';

export interface Config {
  ACKNOWLEDGE_DAYS?: string;
  REPLY_DAYS?: string;
  MAX_EXTENSION_DAYS?: string;
  TRACK_ATTEMPTS_PER_HOUR?: string;
  CONTACT_RETENTION_DAYS?: string;
  /** The deployment's secret: keys client fingerprints and signs proof-of-work challenges. */
  APP_SECRET?: string;
  /** The origin the public reaches the service at (https://…); the same-origin check compares with it. */
  PUBLIC_ORIGIN?: string;
  /** Proof-of-work difficulty: the largest number a challenge may hide. */
  PROOF_OF_WORK_MAX_NUMBER?: string;
  /** Accepted submissions per client and hour, and per client and day. */
  SUBMISSIONS_PER_HOUR?: string;
  SUBMISSIONS_PER_DAY?: string;
  /** The same, for the form sent without scripts (no proof of work): stricter. */
  NO_SCRIPT_SUBMISSIONS_PER_HOUR?: string;
  NO_SCRIPT_SUBMISSIONS_PER_DAY?: string;
  /** Failed look-ups (tracking or rating) per client and hour, whatever the reference. */
  LOOKUP_FAILURES_PER_HOUR?: string;
  /** Which last day marks feedback overdue: 'calendar' (the default) or 'legal' (feedback/deadlines.ts OVERDUE_RULES). */
  OVERDUE_RULE?: string;
  /** Opens POST /api/inbound/email: the key its mail gateway signs each request with. A secret; off when unset. */
  INBOUND_MAIL_SECRET?: string;
  /** The address answers to mail in come from (a domain the send_email binding may send from). */
  MAIL_FROM?: string;
}

/** The Worker's bindings: the configuration, and Cloudflare's D1, R2 and static assets. */
export interface Env extends Config {
  DB: D1Database;
  /** The evidence photos' bucket (worker/r2-photos.ts). */
  PHOTOS: R2Bucket;
  ASSETS?: Fetcher;
  /**
   * The Worker's version, where wrangler.toml binds it ([version_metadata]): the notice cache keeps
   * each version's copies apart, so that a page kept before a deploy never names removed chunks.
   */
  CF_VERSION_METADATA?: WorkerVersionMetadata;
  /** Cloudflare's send_email binding, where configured: answers to mail in go out through it. */
  SEND_EMAIL?: SendEmail;
  /** The staff API's Worker (worker/office.ts), bound to the public Worker as a service (wrangler.toml). */
  OFFICE?: Fetcher;
}

export interface AppEnv {
  Bindings: Config;
  Variables: {
    db: Db;
    /**
     * The database for a route that only reads: on the Worker a D1 session
     * (withSession('first-unconstrained')), which a read replica may answer once read replication
     * is on; the same database elsewhere. Made when first asked for.
     */
    readDb: () => Db;
    /** Where evidence photos are kept (worker/ports.ts PhotoStore). */
    photos: PhotoStore;
    /**
     * The public notice's shared copies (worker/ports.ts NoticeCache). Whoever changes what the
     * notice page or GET /api/notices/:slug shows calls `c.var.noticeCache.purge(slug)` after the commit.
     */
    noticeCache: NoticeCache;
    /** The built web app's files, when the platform serves them. */
    assets: AssetFetcher | undefined;
    /** The time now, in milliseconds since the epoch: the platform's clock. */
    clock: () => number;
    /** How requests and mail leave the service (worker/ports.ts). */
    outbound: Outbound;
    mailer: Mailer | undefined;
    /** The client's address as the platform knows it (never stored: see http/client.ts). */
    clientAddress: string | undefined;
    /** The signed-in member of staff, on /api/staff routes behind the session middleware. */
    staff?: StaffUser;
    staffSessionId?: number;
  };
}
