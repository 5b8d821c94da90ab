// Runs only the Hrana test server's conformance test:
//   npx vitest run --config test/support/hrana.vitest.config.ts
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/support/hrana-server.test.ts'],
    environment: 'node',
  },
});
