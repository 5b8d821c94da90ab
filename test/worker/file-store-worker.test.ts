import { env } from 'cloudflare:test';
import { describe } from 'vitest';
import { r2FileStore } from '../../src/files/r2';
import { fileStoreContract } from '../contracts/file-store-contract';

// The same contract as the folder and memory stores, against the R2 binding in workerd.
describe('Files port on Workers', () => {
  fileStoreContract('R2 binding', () => r2FileStore((env as unknown as { FILES: R2Bucket }).FILES));
});
