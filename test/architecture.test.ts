import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Value imports and re-exports, single or double quoted, static or dynamic (type-only ones are erased). */
function valueImports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const staticOnes = [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^'"`;()=]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
  const dynamic = [...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  return [...staticOnes, ...dynamic];
}

/** Where a relative import points, from the repository root. */
function target(file: string, spec: string): string {
  return spec.startsWith('.') ? normalize(join(dirname(file), spec)) : spec;
}

describe('architecture rules', () => {
  it('routes, HTTP plumbing, templates and services reach tenant rows only through forTenant()', () => {
    const offenders = [...sources('src/routes'), ...sources('src/http'), ...sources('templates'), ...sources('src/services')].flatMap((file) =>
      valueImports(file)
        .filter((spec) => spec.startsWith('drizzle-orm') || /\/db\/(schema|repositories)/.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('domain and lib import nothing above them, and no I/O', () => {
    const offenders = [...sources('src/domain'), ...sources('src/lib')].flatMap((file) =>
      valueImports(file)
        .filter((spec) => {
          const to = target(file, spec);
          const allowed = file.startsWith('src/domain') ? ['src/domain/', 'src/lib/'] : ['src/lib/'];
          return !allowed.some((dir) => to.startsWith(dir));
        })
        .map((spec) => `${relative('src', file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('hands handlers no raw database: no route or middleware reads deps.db or db.query', () => {
    const offenders = [...sources('src/routes'), ...sources('src/http')].filter((file) =>
      /deps'\)\.db\b|\bdb\.(query|select|insert|update|delete|run|batch)\b/.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('only src/auth imports the authentication libraries', () => {
    const offenders = sources('src')
      .filter((f) => !f.startsWith('src/auth/'))
      .flatMap((file) => valueImports(file).filter((s) => /^(jose|otpauth|@simplewebauthn\/server)/.test(s)).map((s) => `${file} imports ${s}`));
    expect(offenders).toEqual([]);
  });

  it('sends every email through the one notification module (services/notifications): no other file queues one', () => {
    const offenders = sources('src').filter((file) => file !== 'src/services/notifications.ts' && /\.send(Batch)?\(\s*['"]email['"]/.test(readFileSync(join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
