import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkKey } from '../../src/files';
import { folderFileStore } from '../../src/files/folder';
import { memoryFileStore } from '../../src/files/memory';
import { fileStoreContract } from './file-store-contract';

let dir = '';
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portal-files-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

fileStoreContract('memory', () => memoryFileStore());
// A fresh, not yet existing root per case: the store creates its folders.
fileStoreContract('folder', () => folderFileStore(join(dir, `store-${++n}`, 'files')));

describe('folder file store', () => {
  it('leaves no temporary files behind, only the object and its type', async () => {
    const root = join(dir, 'no-temp');
    const store = folderFileStore(root);
    await store.put('tenant-a/documents/doc-1', Uint8Array.of(0, 1, 0xff), 'application/pdf');
    await store.put('tenant-a/documents/doc-1', Uint8Array.of(2), 'image/png');
    await store.put('tenant-a/documents/doc-2', Uint8Array.of(3), 'image/png');
    const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    expect(files.sort()).toEqual(['.doc-1.type', '.doc-2.type', 'doc-1', 'doc-2']);
  });

  it('removes the type file with the object', async () => {
    const root = join(dir, 'delete');
    const store = folderFileStore(root);
    await store.put('tenant-a/documents/doc-1', Uint8Array.of(1), 'application/pdf');
    await store.delete('tenant-a/documents/doc-1');
    expect(await readdir(join(root, 'tenant-a', 'documents'))).toEqual([]);
  });
});

describe('checkKey', () => {
  it('returns a good key unchanged and names the problem otherwise', () => {
    expect(checkKey('tenant-1/documents/01hx.pdf')).toBe('tenant-1/documents/01hx.pdf');
    expect(() => checkKey('tenant/../../etc')).toThrow('invalid file key');
    expect(() => checkKey(`t/${'a'.repeat(129)}`)).toThrow('invalid file key');
    expect(() => checkKey(`${'a'.repeat(65)}/b`)).toThrow('invalid file key');
  });
});
