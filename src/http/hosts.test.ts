import { describe, expect, it } from 'vitest';
import { classifyHost, visiblePath } from './hosts';

describe('classifyHost', () => {
  it('finds the tenant slug under the base domain, with or without a port', () => {
    expect(classifyHost('demo.localhost:8787', 'localhost')).toEqual({ kind: 'tenant', slug: 'demo' });
    expect(classifyHost('Acme-Credit.onlineaccess.io', 'onlineaccess.io')).toEqual({ kind: 'tenant', slug: 'acme-credit' });
  });
  it('treats the bare domain and www as the platform', () => {
    expect(classifyHost('localhost:8787', 'localhost')).toEqual({ kind: 'platform' });
    expect(classifyHost('www.onlineaccess.io', 'onlineaccess.io')).toEqual({ kind: 'platform' });
  });
  it('refuses other hosts, nested subdomains and malformed slugs', () => {
    expect(classifyHost('evil.example', 'onlineaccess.io').kind).toBe('unknown');
    expect(classifyHost('a.b.onlineaccess.io', 'onlineaccess.io').kind).toBe('unknown');
    expect(classifyHost('-bad.onlineaccess.io', 'onlineaccess.io').kind).toBe('unknown');
    expect(classifyHost('xonlineaccess.io', 'onlineaccess.io').kind).toBe('unknown');
    expect(classifyHost(undefined, 'onlineaccess.io').kind).toBe('unknown');
  });
  it('strips the routing prefix back to the visible path', () => {
    expect(visiblePath('/_tenant/dev/outbox')).toBe('/dev/outbox');
    expect(visiblePath('/_tenant')).toBe('/');
    expect(visiblePath('/_platform/')).toBe('/');
  });
});
