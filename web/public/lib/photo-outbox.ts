/**
 * The photos of a submission in the outbox (lib/outbox.ts). localStorage holds a few MB of
 * text at most, so the redrawn JPEGs are kept in IndexedDB under the submission's
 * Idempotency-Key, and the outbox's entry says only how many there are (`Pending.photos`).
 * They are written before the submission is first sent and deleted when it leaves the
 * outbox, so that a submission is kept, and sent, with all its photos.
 *
 * Where IndexedDB is missing or refuses (some private modes, a full disk), the photos are
 * held in this page's memory instead: sent if the page stays open until the connection
 * returns, lost with the page otherwise. The form says so; the text is kept either way, and
 * the receipt says how many photos arrived.
 *
 * Loaded with the photo code (components/photo-picker.tsx), and by the outbox only for a
 * submission with photos, so that no other page pays for it.
 */
import type { Receipt } from '../../../worker/feedback/submit';
import { request } from './api';
import type { Pending } from './outbox';

const DB = 'rw.photos';
const STORE = 'outbox';

interface StoredPhoto {
  type: string;
  bytes: ArrayBuffer;
}

const inMemory = new Map<string, Blob[]>();

let opened: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('blocked'));
  });
  opened.catch(() => (opened = null));
  return opened;
}

/** One request in a transaction of its own; resolves when the transaction has committed. */
async function run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await database();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = tx.onabort = () => reject(tx.error ?? req.error);
  });
}

/**
 * Keeps a submission's photos until it leaves the outbox. False: only in this page's memory
 * (no IndexedDB), so they go only if the page stays open until they are sent.
 */
export async function keepPhotos(key: string, photos: Blob[]): Promise<boolean> {
  inMemory.set(key, photos);
  try {
    // Bytes rather than Blobs: older Safari could not keep a Blob in IndexedDB.
    const stored: StoredPhoto[] = await Promise.all(photos.map(async (p) => ({ type: p.type, bytes: await p.arrayBuffer() })));
    await run('readwrite', (s) => s.put(stored, key));
    return true;
  } catch {
    return false;
  }
}

/** The photos kept for a submission, in order; none if they were lost (kept in memory by a page since closed). */
export async function photosOf(key: string): Promise<Blob[]> {
  const held = inMemory.get(key);
  if (held) return held;
  try {
    const stored = await run<StoredPhoto[] | undefined>('readonly', (s) => s.get(key));
    return (stored ?? []).map((p) => new Blob([p.bytes], { type: p.type }));
  } catch {
    return [];
  }
}

export async function forgetPhotos(key: string): Promise<void> {
  inMemory.delete(key);
  try {
    await run('readwrite', (s) => s.delete(key));
  } catch {
    // Nothing more can be done; the next submission's photos have keys of their own.
  }
}

/**
 * The submission as multipart/form-data (the API's contract, README): a part `feedback` with
 * the JSON text of the body, then a part `photo` for each photo; the same Idempotency-Key
 * and proof of work as a submission without photos.
 */
export async function postWithPhotos(p: Pending, proof: string) {
  const form = new FormData();
  form.append('feedback', JSON.stringify(p.body));
  (await photosOf(p.key)).forEach((photo, i) => form.append('photo', photo, `照片${i + 1}.jpg`));
  return request<Receipt>('/api/feedback', {
    method: 'POST',
    headers: { 'idempotency-key': p.key, 'x-proof': proof },
    body: form,
  });
}
