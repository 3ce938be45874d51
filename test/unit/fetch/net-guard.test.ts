import { describe, expect, it } from 'vitest';
import { checkAddress, checkLiteralHost, guardedLookup, RefusedAddressError } from '../../../src/adapters/net-guard';
import { parseRetryAfter } from '../../../src/adapters/http-fetcher';

describe('checkAddress (never dials: judges the address only)', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.8.9.10', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['10.0.0.1', 'a private address'],
    ['172.16.5.4', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['169.254.169.254', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fc00::1', 'a unique-local address'],
    ['fd12:3456::1', 'a unique-local address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['224.0.0.1', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['0.0.0.0', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['255.255.255.255', 'a broadcast address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:169.254.169.254', 'a link-local address'],
    ['::ffff:10.1.2.3', 'a private address'],
    // IPv4-compatible: the URL parser writes [::127.0.0.1] as [::7f00:1] (ipaddr.js reads the dotted form as mapped)
    ['::127.0.0.1', 'a loopback address'],
    ['::7f00:1', 'an IPv4-compatible address (deprecated; it can reach an internal IPv4)'],
    ['::a9fe:a9fe', 'an IPv4-compatible address (deprecated; it can reach an internal IPv4)'],
    ['::808:808', 'an IPv4-compatible address (deprecated; it can reach an internal IPv4)'],
    ['64:ff9b::a9fe:a9fe', 'an IPv4-translation address'],
    ['2002:a9fe:a9fe::1', 'a 6to4 address'],
    ['192.0.2.1', 'a reserved address (reserved)'],
  ])('refuses %s as %s', (ip, reason) => {
    expect(checkAddress(ip)).toBe(reason);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '[2001:4860:4860::8888]'])('allows public %s', (ip) => {
    expect(checkAddress(ip)).toBeUndefined();
  });

  it('judges IP-literal URL hosts, including the forms WHATWG URL normalizes', () => {
    expect(checkLiteralHost(new URL('http://[::1]/').hostname)).toEqual({ address: '::1', reason: 'a loopback address' });
    expect(checkLiteralHost(new URL('http://2130706433/').hostname)?.address).toBe('127.0.0.1');
    expect(checkLiteralHost(new URL('http://0x7f.1/').hostname)?.address).toBe('127.0.0.1');
    expect(checkLiteralHost(new URL('http://[::ffff:a9fe:a9fe]/').hostname)?.reason).toBe('a link-local address');
    expect(checkLiteralHost('example.com')).toBeUndefined();
  });

  it('refuses a name that resolves to loopback at lookup time', async () => {
    const lookup = guardedLookup(false);
    const err = await new Promise((resolve) => lookup('localhost', { all: true }, (e) => resolve(e)));
    expect(err).toBeInstanceOf(RefusedAddressError);
    expect((err as Error).message).toMatch(/^refused: (127\.0\.0\.1|::1) is a loopback address$/);
  });

  it('lets the same name through when private hosts are allowed', async () => {
    const lookup = guardedLookup(true);
    const addr = await new Promise((resolve) => lookup('localhost', {}, (e, a) => resolve(e ?? a)));
    expect(typeof addr).toBe('string');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-06-01T00:00:00Z');
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['Sat, 01 Jun 2024 00:05:00 GMT', 300_000],
    ['Fri, 31 May 2024 00:00:00 GMT', 0],
    ['soon', undefined],
    [undefined, undefined],
  ])('%j → %j', (value, want) => {
    expect(parseRetryAfter(value, now)).toBe(want);
  });
});
