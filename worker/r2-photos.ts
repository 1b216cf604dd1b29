/**
 * The photo store on Cloudflare: the R2 bucket bound as PHOTOS (wrangler.toml's [[r2_buckets]];
 * a local bucket under `wrangler dev` and in the tests' workers pool).
 */
import type { PhotoStore } from './ports';

/** R2 deletes at most 1000 keys in one call. */
const DELETE_BATCH = 1000;

export function r2PhotoStore(bucket: R2Bucket): PhotoStore {
  return {
    async put(key, bytes, contentType) {
      await bucket.put(key, bytes, { httpMetadata: { contentType } });
    },
    async get(key) {
      const object = await bucket.get(key);
      if (!object) return null;
      return { body: object.body, contentType: object.httpMetadata?.contentType ?? 'application/octet-stream', size: object.size };
    },
    async delete(keys) {
      for (let i = 0; i < keys.length; i += DELETE_BATCH) await bucket.delete(keys.slice(i, i + DELETE_BATCH));
    },
  };
}
