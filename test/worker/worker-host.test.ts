import { SELF } from 'cloudflare:test';
import { describe, inject } from 'vitest';
import { hostSuite } from '../http/host-suite';

describe('Worker host (workerd, libSQL over HTTP, Cloudflare Queues)', () => {
  const fixtures = inject('fixtures');
  hostSuite(() => ({ fetch: (url, init) => SELF.fetch(url, init), fixtures }));
});
