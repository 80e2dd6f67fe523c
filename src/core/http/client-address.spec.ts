import { clientAddress } from './client-address';

describe('clientAddress', () => {
  it('uses the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('127.0.0.1', '1.2.3.4', [])).toBe('127.0.0.1');
  });

  it('normalizes IPv4-mapped IPv6 addresses', () => {
    expect(clientAddress('::ffff:10.0.0.5', undefined, [])).toBe('10.0.0.5');
  });

  it('believes the entry added by a trusted proxy, not what the client prepended', () => {
    expect(clientAddress('10.0.0.1', '6.6.6.6, 1.2.3.4', ['10.0.0.1'])).toBe('1.2.3.4');
  });

  it('skips a chain of trusted proxies', () => {
    expect(clientAddress('10.0.0.1', '1.2.3.4, 10.0.0.2', ['10.0.0.1', '10.0.0.2'])).toBe('1.2.3.4');
  });

  it('ignores garbage in X-Forwarded-For', () => {
    expect(clientAddress('10.0.0.1', 'not-an-ip', ['10.0.0.1'])).toBe('10.0.0.1');
  });
});
