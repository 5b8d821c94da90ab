// Worker bundle size (raw and gzip -9) from `wrangler deploy --dry-run`, because the project rule is that it stays under 1 MiB gzipped.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { BenchFailure, type Benchmark, type Table } from './report';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET_GZIP_BYTES = 1024 * 1024;

/** Runs a command, capturing its output; resolves with the exit code and the combined output. */
function capture(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => /\.(m?js|cjs)$/.test(f) && statSync(f).isFile());
}

export const bundleSize: Benchmark = {
  name: 'bundle',
  what: 'Worker bundle raw and gzip -9 bytes against the 1 MiB gzip budget',
  async run(): Promise<Table[]> {
    const outdir = mkdtempSync(join(tmpdir(), 'portal-bundle-'));
    try {
      const { code, output } = await capture('npx', ['--no-install', 'wrangler', 'deploy', '--dry-run', '--env', 'production', '--outdir', outdir], 120_000);
      if (code !== 0) throw new Error(`wrangler deploy --dry-run failed (exit ${code}):\n${output.trim().split('\n').slice(-30).join('\n')}`);

      const files = jsFiles(outdir).map((path) => {
        const bytes = readFileSync(path);
        return { file: relative(outdir, path), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
      });
      if (files.length === 0) throw new Error(`wrangler produced no JS bundle in ${outdir}`);
      // The main bundle is named after wrangler.toml's `main` (worker.js); otherwise the largest file.
      const main = files.find((f) => f.file === 'worker.js') ?? files.reduce((a, b) => (b.raw > a.raw ? b : a));
      const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

      const table: Table = {
        title: 'Worker bundle (wrangler deploy --dry-run)',
        columns: ['file', 'raw bytes', 'raw', 'gzip -9 bytes', 'gzip -9', 'of 1 MiB gzip budget'],
        rows: files
          .sort((a, b) => b.raw - a.raw)
          .map((f) => [f === main ? `${f.file} (main)` : f.file, f.raw, kib(f.raw), f.gzip, kib(f.gzip), `${((f.gzip / BUDGET_GZIP_BYTES) * 100).toFixed(1)}%`]),
      };
      if (main.gzip >= BUDGET_GZIP_BYTES) {
        throw new BenchFailure(`main worker bundle is ${main.gzip} bytes gzipped, over the 1 MiB (${BUDGET_GZIP_BYTES}) budget`, [table]);
      }
      return [table];
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  },
};
