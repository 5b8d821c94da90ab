import { checkKey, type FileStore } from './index';

/** In-process store for tests and as a fallback. Copies on the way in and out, like real storage. */
export function memoryFileStore(): FileStore {
  const objects = new Map<string, { bytes: Uint8Array; contentType: string }>();
  return {
    async put(key, bytes, contentType) {
      objects.set(checkKey(key), { bytes: bytes.slice(), contentType });
    },
    async get(key) {
      const found = objects.get(checkKey(key));
      return found ? { bytes: found.bytes.slice(), contentType: found.contentType, size: found.bytes.byteLength } : null;
    },
    async delete(key) {
      objects.delete(checkKey(key));
    },
  };
}
