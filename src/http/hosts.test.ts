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

describe('networkOf', () => {
  it('groups IPv6 addresses by /64 and keeps IPv4 as is', async () => {
    const { networkOf } = await import('./middleware/session');
    expect(networkOf('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(networkOf('203.0.113.9')).toBe('203.0.113.9');
    expect(networkOf('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });
});
