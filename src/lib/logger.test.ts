import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createLogger, errorSummary } from './logger';

const capture = () => {
  const lines: string[] = [];
  return { lines, logger: createLogger({ write: (l) => lines.push(l) }) };
};

describe('logger', () => {
  const sqliteError = Object.assign(new Error('SQLITE_BUSY: database is locked'), { name: 'LibsqlError', code: 'SQLITE_BUSY' });
  const failedQuery = new DrizzleQueryError('update "customers" set "email" = ? where "id" = ?', ['pat.jones@example.com', 'c1'], sqliteError);

  it('writes an error with its name, code and cause, and a failed query without its values', () => {
    const { lines, logger } = capture();
    logger.error('request failed', { err: failedQuery });
    const line = JSON.parse(lines[0]!) as { err: Record<string, unknown> };
    expect(line.err).toMatchObject({
      name: 'DrizzleQueryError',
      message: 'Failed query: update "customers" set "email" = ? where "id" = ?',
      cause: { name: 'LibsqlError', code: 'SQLITE_BUSY', message: 'SQLITE_BUSY: database is locked' },
    });
    expect(line.err.stack).toMatch(/^\s+at /);
    expect(lines[0]).not.toContain('pat.jones@example.com');
  });

  it('never throws for fields it cannot write, and cuts a cause chain that loops', () => {
    const { lines, logger } = capture();
    const looping = new Error('outer');
    looping.cause = looping;
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => logger.error('odd fields', { big: 12n, err: looping })).not.toThrow();
    expect(JSON.parse(lines[0]!)).toMatchObject({ big: '12', err: { message: 'outer', cause: '[repeated error]' } });
    expect(() => logger.warn('circular', { circular })).not.toThrow();
    expect(JSON.parse(lines[1]!)).toMatchObject({ msg: 'circular', logFieldsDropped: expect.stringContaining('circular') });
  });

  it('sums an error up in one line for stored text, causes included, values left out', () => {
    expect(errorSummary(new Error('provider down'))).toBe('Error: provider down');
    expect(errorSummary(failedQuery)).toBe('DrizzleQueryError: Failed query: update "customers" set "email" = ? where "id" = ?; caused by LibsqlError: SQLITE_BUSY: database is locked');
  });
});
