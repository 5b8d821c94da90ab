// `npm run bench [-- --only <name>]`: runs the benchmarks in order and prints one table each; exits non-zero only on hard failures.
import { bundleSize } from './bundle-size';
import { httpNode } from './http-node';
import { queueNode } from './queue-node';
import { servicing } from './servicing';
import { autopayRun } from './autopay';
import { BenchFailure, formatTable, type Benchmark } from './report';

const benchmarks: Benchmark[] = [bundleSize, httpNode, queueNode, servicing, autopayRun];

function parseOnly(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (i < 0) return undefined;
  const value = argv[i]!.includes('=') ? argv[i]!.slice('--only='.length) : argv[i + 1];
  if (!value) throw new Error('--only needs a benchmark name');
  return value;
}

async function main() {
  const only = parseOnly(process.argv.slice(2));
  const names = benchmarks.map((b) => b.name);
  if (only && !names.includes(only)) throw new Error(`unknown benchmark "${only}"; choose one of: ${names.join(', ')}`);

  let failures = 0;
  for (const b of benchmarks.filter((b) => !only || b.name === only)) {
    process.stdout.write(`\n== ${b.name}: ${b.what}\n\n`);
    const started = performance.now();
    try {
      for (const table of await b.run()) process.stdout.write(formatTable(table) + '\n\n');
    } catch (err) {
      failures++;
      if (err instanceof BenchFailure) for (const table of err.tables) process.stdout.write(formatTable(table) + '\n\n');
      process.stdout.write(`FAILED ${b.name}: ${err instanceof Error ? err.message : String(err)}\n\n`);
    }
    process.stdout.write(`(${b.name} took ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  if (failures > 0) {
    process.stdout.write(`\n${failures} benchmark(s) failed\n`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
