import { describe, expect, it } from 'vitest';
import { cronMatches, parseCron } from './cron';

describe('cron', () => {
  it('matches fixed times in UTC', () => {
    expect(cronMatches('17 3 * * *', new Date('2026-11-22T03:17:40Z'))).toBe(true);
    expect(cronMatches('17 3 * * *', new Date('2026-11-22T03:18:00Z'))).toBe(false);
    expect(cronMatches('17 3 * * *', new Date('2026-11-22T04:17:00Z'))).toBe(false);
  });
  it('supports steps, ranges and lists', () => {
    expect(cronMatches('*/15 * * * *', new Date('2026-11-22T10:45:00Z'))).toBe(true);
    expect(cronMatches('*/15 * * * *', new Date('2026-11-22T10:46:00Z'))).toBe(false);
    expect(cronMatches('0 9-17/4 * * 1-5', new Date('2026-11-23T13:00:00Z'))).toBe(true); // Monday 13:00
    expect(cronMatches('0 9-17/4 * * 1-5', new Date('2026-11-22T13:00:00Z'))).toBe(false); // Sunday
    expect(cronMatches('0 0 1,15 * *', new Date('2026-11-15T00:00:00Z'))).toBe(true);
  });
  it('treats 7 as Sunday and ORs restricted day fields', () => {
    expect(cronMatches('0 0 * * 7', new Date('2026-11-22T00:00:00Z'))).toBe(true);
    expect(cronMatches('0 0 1 * 1', new Date('2026-11-23T00:00:00Z'))).toBe(true); // a Monday, not the 1st
  });
  it('rejects malformed expressions', () => {
    expect(() => parseCron('* * * *')).toThrow(SyntaxError);
    expect(() => parseCron('61 * * * *')).toThrow(SyntaxError);
    expect(() => parseCron('a * * * *')).toThrow(SyntaxError);
  });
});
