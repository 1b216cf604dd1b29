/**
 * What the app sends out of the service, passed in by the platform like the database and the
 * clock, so that no route or domain module reaches for a global or a binding itself, and tests
 * can stand at the other end.
 */

/** Sends an HTTP request out (chat bots, webhooks): fetch on both platforms unless a test says otherwise. */
export type Outbound = (request: Request) => Promise<Response>;

/** One plain-text e-mail, as the service sends it (an answer to a mail that became feedback). */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** The Message-ID being answered, so that the answer threads under it. */
  inReplyTo?: string;
}

/** Sends e-mail: Cloudflare's send_email binding on the Worker; none where nothing is configured. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** A stored photo as the store gives it back. */
export interface StoredPhoto {
  body: ReadableStream<Uint8Array> | Uint8Array;
  contentType: string;
  size: number;
}

/**
 * Where photos are kept (issue 14): R2 on the Worker (worker/r2-photos.ts), a folder on the Node
 * host (server/photo-store.ts). Keys come from photos/keys.ts: random, never a person's input.
 */
export interface PhotoStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The photo, or null when nothing is stored under the key. */
  get(key: string): Promise<StoredPhoto | null>;
  /** Removes the photos; keys with nothing stored are fine. */
  delete(keys: string[]): Promise<void>;
}
