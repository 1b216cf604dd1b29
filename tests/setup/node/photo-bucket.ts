/**
 * The node project's `env.PHOTOS`: the running test file's photo folder (server/photo-store.ts, in
 * that file's temporary folder) seen through as much of R2's API as tests use (put, get, head,
 * delete, list), so that one test checks the store the same way on both projects. The app itself
 * uses the folder store directly (worker-entry.ts), unless a test hands it a bucket of its own.
 */
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { folderPhotoStore } from '../../../server/photo-store';
import type { PhotoStore } from '../../../worker/ports';

/** Marks the folder-backed bucket, so that worker-entry.ts can use its store as it is. */
export const FOLDER_STORE = Symbol('folder photo store');

export interface FolderBucket {
  [FOLDER_STORE]: () => PhotoStore;
}

async function keysUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && !e.name.endsWith('.tmp'))
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

const toBytes = (value: unknown): Uint8Array =>
  typeof value === 'string' ? new TextEncoder().encode(value) : value instanceof ArrayBuffer ? new Uint8Array(value) : (value as Uint8Array);

export function folderBucket(folder: () => string): R2Bucket {
  const store = () => folderPhotoStore(folder());
  const object = (key: string, bytes: Uint8Array, contentType: string) => ({
    key,
    size: bytes.byteLength,
    httpMetadata: { contentType },
    get body() {
      return new Response(bytes as Uint8Array<ArrayBuffer>).body;
    },
    arrayBuffer: async () => bytes.slice().buffer,
    text: async () => new TextDecoder().decode(bytes),
  });
  const bucket = {
    [FOLDER_STORE]: store,
    async put(key: string, value: unknown, options?: { httpMetadata?: { contentType?: string } }) {
      const bytes = toBytes(value);
      await store().put(key, bytes, options?.httpMetadata?.contentType ?? 'application/octet-stream');
      return object(key, bytes, options?.httpMetadata?.contentType ?? 'application/octet-stream');
    },
    async get(key: string) {
      const found = await store().get(key);
      if (!found) return null;
      const bytes = found.body instanceof Uint8Array ? found.body : new Uint8Array(await new Response(found.body).arrayBuffer());
      return object(key, bytes, found.contentType);
    },
    async head(key: string) {
      return bucket.get(key);
    },
    async delete(keys: string | string[]) {
      await store().delete(Array.isArray(keys) ? keys : [keys]);
    },
    async list(options?: { prefix?: string }) {
      const keys = (await keysUnder(folder())).filter((k) => k.startsWith(options?.prefix ?? ''));
      return { objects: keys.map((key) => ({ key })), truncated: false, delimitedPrefixes: [] };
    },
  };
  return bucket as unknown as R2Bucket;
}
