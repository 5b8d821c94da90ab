// CLI for pointing `wrangler dev` at a local libSQL file:
//   tsx test/support/hrana-serve.ts <dbPath> [port] [token]
// Prints the URL to use as the database URL and serves until SIGINT/SIGTERM.
import { startHranaServer } from './hrana-server';

const [dbPath, portArg, authToken] = process.argv.slice(2);
if (!dbPath) {
  console.error('usage: tsx test/support/hrana-serve.ts <dbPath> [port] [token]');
  process.exit(2);
}
const port = portArg ? Number(portArg) : 8080;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid port: ${portArg}`);
  process.exit(2);
}

const server = await startHranaServer({ dbPath, port, ...(authToken ? { authToken } : {}) });
console.log(server.url);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
