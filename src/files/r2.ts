import { checkKey, type FileStore } from './index';

const FALLBACK_TYPE = 'application/octet-stream';

/** Workers: the R2 binding. */
export function r2FileStore(bucket: R2Bucket): FileStore {
  return {
    async put(key, bytes, contentType) {
      await bucket.put(checkKey(key), bytes, { httpMetadata: { contentType } });
    },
    async get(key) {
      const object = await bucket.get(checkKey(key));
      if (!object) return null;
      const bytes = new Uint8Array(await object.arrayBuffer());
      return { bytes, contentType: object.httpMetadata?.contentType ?? FALLBACK_TYPE, size: bytes.byteLength };
    },
    async delete(key) {
      await bucket.delete(checkKey(key));
    },
  };
}
