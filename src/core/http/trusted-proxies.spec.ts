import { clientAddress } from './client-address';
import { trustedProxies, TrustedProxyEntryError } from './trusted-proxies';

describe('trustedProxies (TRUST_PROXY)', () => {
  it('matches an entry whatever its spelling and the socket address', () => {
    for (const entry of ['127.0.0.1', ' 127.0.0.1 ', '::ffff:127.0.0.1', '::FFFF:7f00:1', '0:0:0:0:0:ffff:127.0.0.1', '127.0.0.1/32']) {
      const trusted = trustedProxies(entry);
      expect([entry, trusted.trusts('127.0.0.1'), trusted.trusts('::ffff:127.0.0.1'), trusted.trusts('127.0.0.2')]).toEqual([entry, true, true, false]);
      expect(trusted.entries).toEqual(['127.0.0.1']);
    }
    for (const entry of ['0:0:0:0:0:0:0:1', '::1', '[::1]', '::0001', '::1/128']) {
      const trusted = trustedProxies(`10.0.0.9, ${entry}`);
      expect([entry, trusted.trusts('::1'), trusted.trusts('0:0:0:0:0:0:0:1'), trusted.trusts('::2')]).toEqual([entry, true, true, false]);
      expect(trusted.entries).toEqual(['10.0.0.9', '::1']);
    }
    expect(trustedProxies('2001:DB8:0:0::1').trusts('2001:db8::1')).toBe(true);
  });

  it('matches CIDR ranges of either family, IPv4-mapped ones as IPv4', () => {
    const trusted = trustedProxies('10.0.0.0/8, fd00::/8, ::ffff:192.168.0.0/112');
    expect(trusted.entries).toEqual(['10.0.0.0/8', 'fd00::/8', '192.168.0.0/16']);
    expect(['10.0.0.1', '10.255.255.255', '::ffff:10.1.2.3', 'fd12:3456::1', '192.168.7.7'].map((a) => trusted.trusts(a))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['11.0.0.1', '9.255.255.255', 'fe80::1', '::1', '192.169.0.1', 'not-an-ip', ''].map((a) => trusted.trusts(a))).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(trustedProxies('0.0.0.0/0').trusts('203.0.113.5')).toBe(true);
    expect(trustedProxies('0.0.0.0/0').trusts('2001:db8::1')).toBe(false);
    expect(trustedProxies('::/0').trusts('2001:db8::1')).toBe(true);
  });

  it('lets X-Forwarded-For through a proxy named in another spelling or by its range', () => {
    expect(clientAddress('::ffff:127.0.0.1', '203.0.113.7', trustedProxies('::ffff:127.0.0.1'))).toBe('203.0.113.7');
    expect(clientAddress('127.0.0.1', '203.0.113.7', trustedProxies('0:0:0:0:0:ffff:7f00:1'))).toBe('203.0.113.7');
    expect(clientAddress('10.0.3.4', '203.0.113.7, 10.0.9.9', trustedProxies('10.0.0.0/16'))).toBe('203.0.113.7');
    expect(clientAddress('10.1.3.4', '203.0.113.7', trustedProxies('10.0.0.0/16'))).toBe('10.1.3.4');
  });

  it('ignores empty entries and refuses, naming it, an entry it cannot read', () => {
    expect(trustedProxies(' , 10.0.0.1,, ').entries).toEqual(['10.0.0.1']);
    expect(trustedProxies('').trusts('127.0.0.1')).toBe(false);
    for (const [entry, problem] of [
      ['proxy.local', 'is not an IP address'],
      ['127.0.0.1:8080', 'is not an IP address'],
      ['10.0.0.0/33', 'prefix length (0-32'],
      ['::1/129', 'prefix length (0-128'],
      ['10.0.0.0/', 'prefix length'],
      ['10.0.0.0/-1', 'prefix length'],
      ['/8', 'is not an IP address'],
      ['10.0.0.1/8', 'bits set after its prefix'],
      ['fd00::1/8', 'bits set after its prefix'],
      ['::ffff:10.0.0.0/80', 'bits set after its prefix'],
    ]) {
      expect(() => trustedProxies(`10.0.0.1,${entry}`)).toThrow(TrustedProxyEntryError);
      expect(() => trustedProxies(`10.0.0.1,${entry}`)).toThrow(problem);
    }
  });
});
