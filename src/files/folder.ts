import { mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { checkKey, type FileStore } from './index';

const FALLBACK_TYPE = 'application/octet-stream';

// Helper files start with a dot, which no key segment can, so they never collide with a stored
// object (a plain `<file>.type` would collide with the valid key `<file>.type`).
const typePath = (path: string) => join(dirname(path), `.${basename(path)}.type`);
const tempPath = (path: string) => join(dirname(path), `.tmp~${crypto.randomUUID()}`);

/** A missing object, or a key that is a "folder" of other keys on disk. */
const isMissing = (e: unknown) => ['ENOENT', 'ENOTDIR', 'EISDIR'].includes((e as { code?: string }).code ?? '');

/** Readers see the old content or the new, never a partial file: write beside it, then rename. */
async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const temp = tempPath(path);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

/**
 * Node: one file per key under `root` (created as needed), its content type in a dot-file beside it.
 * The type is written before the bytes, so an object that can be read always has its type.
 */
export function folderFileStore(root: string): FileStore {
  const base = resolve(root);
  const pathOf = (key: string): string => {
    const path = resolve(base, ...checkKey(key).split('/'));
    const rel = relative(base, path);
    // checkKey already rules out traversal; this guards against a future change to it.
    if (!rel || isAbsolute(rel) || rel.split(sep)[0] === '..') throw new Error(`file key escapes the store: ${key}`);
    return path;
  };

  return {
    async put(key, bytes, contentType) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      await writeAtomically(typePath(path), contentType);
      await writeAtomically(path, bytes);
    },
    async get(key) {
      const path = pathOf(key);
      let data: Buffer;
      try {
        data = await readFile(path);
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
      const contentType = await readFile(typePath(path), 'utf8').catch((e: unknown) => {
        if (isMissing(e)) return FALLBACK_TYPE;
        throw e;
      });
      // A plain Uint8Array, not Node's Buffer, so callers see the same type on both hosts.
      const bytes = new Uint8Array(data);
      return { bytes, contentType, size: bytes.byteLength };
    },
    async delete(key) {
      const path = pathOf(key);
      for (const file of [path, typePath(path)]) {
        await unlink(file).catch((e: unknown) => {
          if (!isMissing(e)) throw e;
        });
      }
    },
  };
}
