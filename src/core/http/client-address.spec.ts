import { clientAddress, MAX_ADDRESS_LENGTH, normalizeAddress } from './client-address';
import { trustedProxies } from './trusted-proxies';

describe('clientAddress', () => {
  it('uses the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('127.0.0.1', '1.2.3.4', trustedProxies([]))).toBe('127.0.0.1');
  });

  it('normalizes IPv4-mapped IPv6 addresses', () => {
    expect(clientAddress('::ffff:10.0.0.5', undefined, trustedProxies([]))).toBe('10.0.0.5');
  });

  it('believes the entry added by a trusted proxy, not what the client prepended', () => {
    expect(clientAddress('10.0.0.1', '6.6.6.6, 1.2.3.4', trustedProxies(['10.0.0.1']))).toBe('1.2.3.4');
  });

  it('skips a chain of trusted proxies', () => {
    expect(clientAddress('10.0.0.1', '1.2.3.4, 10.0.0.2', trustedProxies(['10.0.0.1', '10.0.0.2']))).toBe('1.2.3.4');
  });

  it('uses the last valid hop, skipping garbage', () => {
    expect(clientAddress('10.0.0.1', '1.2.3.4, not-an-ip', trustedProxies(['10.0.0.1']))).toBe('1.2.3.4');
  });

  it('refuses (null) an empty or garbage X-Forwarded-For from a trusted proxy instead of charging the proxy', () => {
    expect(clientAddress('10.0.0.1', 'not-an-ip', trustedProxies(['10.0.0.1']))).toBeNull();
    expect(clientAddress('10.0.0.1', '', trustedProxies(['10.0.0.1']))).toBeNull();
    expect(clientAddress('10.0.0.1', ' , ', trustedProxies(['10.0.0.1']))).toBeNull();
    // Without the header the proxy itself is the client (its health checks, say).
    expect(clientAddress('10.0.0.1', undefined, trustedProxies(['10.0.0.1']))).toBe('10.0.0.1');
  });

  it('bounds addresses: zone ids are dropped and IPv6 is written canonically', () => {
    const zoned = 'fe80::1%' + 'z'.repeat(80);
    expect(clientAddress('10.0.0.1', zoned, trustedProxies(['10.0.0.1']))).toBe('fe80::1');
    expect(normalizeAddress('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normalizeAddress('::FFFF:10.0.0.5')).toBe('10.0.0.5');
    expect(normalizeAddress('0:0:0:0:0:ffff:10.0.0.5')).toBe('10.0.0.5');
    expect(normalizeAddress('[2001:db8::1]')).toBe('2001:db8::1');
    expect(normalizeAddress('ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255').length).toBeLessThanOrEqual(MAX_ADDRESS_LENGTH);
  });
});
