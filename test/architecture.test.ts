import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
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

/** Value imports (type-only imports are erased and cannot reach data). */
function valueImports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
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
        .filter((spec) => !(spec.startsWith('./') || (file.startsWith('src/domain') && spec.startsWith('../lib/'))))
        .map((spec) => `${relative('src', file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('only src/auth imports the authentication libraries', () => {
    const offenders = sources('src')
      .filter((f) => !f.startsWith('src/auth/'))
      .flatMap((file) => valueImports(file).filter((s) => /^(jose|otpauth|@simplewebauthn\/server)/.test(s)).map((s) => `${file} imports ${s}`));
    expect(offenders).toEqual([]);
  });
});
