import { afterAll, beforeAll, describe } from 'vitest';
import { startNodeTestHost, type NodeTestHost } from '../support/node-host';
import { hostSuite } from './host-suite';

describe('Node host', () => {
  let host: NodeTestHost;
  beforeAll(async () => {
    host = await startNodeTestHost();
  });
  afterAll(() => host.stop());
  hostSuite(() => ({ fetch: async (url, init) => host.app.request(url, init), fixtures: host.fixtures }));
});
