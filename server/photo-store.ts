/**
 * The photo store on the Node host: a folder (PHOTO_DIR, by default $DATA_DIR/photos), one file
 * per key, behind the same PhotoStore as R2 on the Worker.
 *
 * A photo is written to a temporary file beside its place, fsynced, renamed into place and the
 * folder fsynced, so that after a crash a key names the whole photo or nothing (a rename within
 * a folder is atomic on POSIX file systems); a temporary file a crash leaves behind is never
 * served, as no key has a dot. Keys are checked before they touch the file system: lower-case
 * letters, digits, hyphens and slashes between non-empty segments, so no `..`, no absolute path.
 * The content type is told by the file's first bytes (only JPEG and PNG are ever stored).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PhotoStore } from '../worker/ports';

const KEY = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/;

export class PhotoKeyError extends Error {}

function pathOf(root: string, key: string): string {
  if (!KEY.test(key)) throw new PhotoKeyError('not a photo key');
  return join(root, ...key.split('/'));
}

function contentTypeOf(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  return 'application/octet-stream';
}

async function fsyncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException)?.code === 'ENOENT';

export function folderPhotoStore(root: string): PhotoStore {
  return {
    async put(key, bytes) {
      const path = pathOf(root, key);
      const folder = dirname(path);
      await mkdir(folder, { recursive: true });
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } catch (err) {
        await handle.close();
        await rm(temporary, { force: true });
        throw err;
      }
      await handle.close();
      try {
        await rename(temporary, path);
      } catch (err) {
        await rm(temporary, { force: true });
        throw err;
      }
      await fsyncFolder(folder);
    },
    async get(key) {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(pathOf(root, key)));
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
      return { body: bytes, contentType: contentTypeOf(bytes), size: bytes.byteLength };
    },
    async delete(keys) {
      const folders = new Set<string>();
      for (const key of keys) {
        const path = pathOf(root, key);
        try {
          await unlink(path);
          folders.add(dirname(path));
        } catch (err) {
          if (!isMissing(err)) throw err;
        }
      }
      for (const folder of folders) await fsyncFolder(folder);
    },
  };
}
