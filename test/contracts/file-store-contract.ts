import { describe, expect, it } from 'vitest';
import type { FileStore } from '../../src/files';

/** Every byte value, 0x00 and 0xff included, so no text decoding can slip in unnoticed. */
const everyByte = () => Uint8Array.from({ length: 512 }, (_, i) => (i * 7) & 0xff);

/**
 * What every FileStore must do. No node: imports, so a Workers test can run it against R2.
 * `factory` is called once per case and may return a fresh, empty store.
 */
export function fileStoreContract(name: string, factory: () => FileStore | Promise<FileStore>) {
  describe(`file store contract: ${name}`, () => {
    it('returns the bytes and content type that were put', async () => {
      const store = await factory();
      const bytes = everyByte();
      await store.put('tenant-a/documents/doc-1', bytes, 'application/pdf');
      const got = await store.get('tenant-a/documents/doc-1');
      expect(got).not.toBeNull();
      expect(got!.bytes).toBeInstanceOf(Uint8Array);
      expect(Array.from(got!.bytes)).toEqual(Array.from(bytes));
      expect(got!.bytes[0]).toBe(0x00);
      expect(got!.bytes.includes(0xff)).toBe(true);
      expect(got!.size).toBe(512);
      expect(got!.contentType).toBe('application/pdf');
    });

    it('keeps a larger file and an empty one intact', async () => {
      const store = await factory();
      const big = Uint8Array.from({ length: 3 * 1024 * 1024 + 17 }, (_, i) => (i * 2654435761) >>> 24);
      await store.put('tenant-a/documents/big', big, 'image/tiff');
      const got = await store.get('tenant-a/documents/big');
      expect(got!.size).toBe(big.byteLength);
      // Compared byte by byte without Buffer, which workerd lacks.
      expect(got!.bytes.findIndex((b, i) => b !== big[i])).toBe(-1);
      await store.put('tenant-a/documents/empty', new Uint8Array(), 'text/plain; charset=utf-8');
      expect(await store.get('tenant-a/documents/empty')).toMatchObject({ size: 0, contentType: 'text/plain; charset=utf-8' });
    });

    it('stores a copy: changing the arrays afterwards changes nothing stored', async () => {
      const store = await factory();
      const bytes = Uint8Array.of(1, 2, 3);
      await store.put('tenant-a/documents/copy', bytes, 'image/png');
      bytes[0] = 9;
      const first = await store.get('tenant-a/documents/copy');
      first!.bytes[1] = 9;
      expect(Array.from((await store.get('tenant-a/documents/copy'))!.bytes)).toEqual([1, 2, 3]);
    });

    it('replaces an object on a second put', async () => {
      const store = await factory();
      await store.put('tenant-a/documents/doc-2', Uint8Array.of(1, 2, 3, 4), 'image/png');
      await store.put('tenant-a/documents/doc-2', Uint8Array.of(0xff), 'image/jpeg');
      const got = await store.get('tenant-a/documents/doc-2');
      expect(Array.from(got!.bytes)).toEqual([0xff]);
      expect(got!.contentType).toBe('image/jpeg');
      expect(got!.size).toBe(1);
    });

    it('returns null for a key never stored', async () => {
      const store = await factory();
      expect(await store.get('tenant-a/documents/never')).toBeNull();
      expect(await store.get('nobody/at/all')).toBeNull();
    });

    it('keeps keys apart, including ones that look like helper files', async () => {
      const store = await factory();
      await store.put('tenant-a/documents/x', Uint8Array.of(1), 'image/png');
      await store.put('tenant-b/documents/x', Uint8Array.of(2), 'image/jpeg');
      await store.put('tenant-a/documents/x.type', Uint8Array.of(3), 'application/pdf');
      expect(await store.get('tenant-a/documents/x')).toMatchObject({ contentType: 'image/png', size: 1 });
      expect(Array.from((await store.get('tenant-b/documents/x'))!.bytes)).toEqual([2]);
      expect(await store.get('tenant-a/documents/x.type')).toMatchObject({ contentType: 'application/pdf', size: 1 });
    });

    it('deletes an object, and deleting a missing one is fine', async () => {
      const store = await factory();
      await store.put('tenant-a/documents/doc-3', Uint8Array.of(5), 'application/pdf');
      await store.put('tenant-a/documents/doc-4', Uint8Array.of(6), 'application/pdf');
      await store.delete('tenant-a/documents/doc-3');
      expect(await store.get('tenant-a/documents/doc-3')).toBeNull();
      expect(await store.get('tenant-a/documents/doc-4')).not.toBeNull();
      await expect(store.delete('tenant-a/documents/doc-3')).resolves.toBeUndefined();
      await expect(store.delete('tenant-z/documents/never')).resolves.toBeUndefined();
    });

    it('accepts keys of up to five segments', async () => {
      const store = await factory();
      await store.put('t_1/a/b-c/d.e/f', Uint8Array.of(7), 'image/webp');
      expect(await store.get('t_1/a/b-c/d.e/f')).toMatchObject({ size: 1, contentType: 'image/webp' });
    });

    it.each(['../x', '/etc/passwd', 'a//b', 'A/B', '', 'tenant', 'a/../b', 'a/..', 'a/.hidden', 'a/b/', 'a\\b', 'a/b c', 'a/b/c/d/e/f'])(
      'rejects the key %j on put, get and delete',
      async (key) => {
        const store = await factory();
        await expect(store.put(key, Uint8Array.of(1), 'text/plain')).rejects.toThrow(/key/);
        await expect(store.get(key)).rejects.toThrow(/key/);
        await expect(store.delete(key)).rejects.toThrow(/key/);
      },
    );
  });
}
