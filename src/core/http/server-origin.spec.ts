import { trustedProxies } from './trusted-proxies';
import { FastifyRequest } from 'fastify';
import { baseUrlOf, hasSameOrigin } from './server-origin';

describe('baseUrlOf', () => {
  const base = { publicUrl: null, trustProxy: trustedProxies('10.0.0.1'), socketAddress: '192.0.2.9', protocol: 'http', fallbackHost: '127.0.0.1:3000' };

  it('prefers PUBLIC_URL, without a trailing slash', () => {
    expect(baseUrlOf({ ...base, publicUrl: new URL('https://ips.example.com/base/'), headers: { host: 'x' } })).toBe('https://ips.example.com/base');
  });

  it('uses the Host header, and X-Forwarded-* only from a trusted proxy', () => {
    const headers = { host: 'app:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'feeds.example.com' };
    expect(baseUrlOf({ ...base, headers })).toBe('http://app:3000');
    expect(baseUrlOf({ ...base, socketAddress: '::ffff:10.0.0.1', headers })).toBe('https://feeds.example.com');
    expect(baseUrlOf({ ...base, socketAddress: '10.0.0.1', headers: { host: 'app', 'x-forwarded-host': 'a.example.com, b.example.com' } })).toBe(
      'http://a.example.com',
    );
  });

  it('never puts an invalid host into links', () => {
    expect(baseUrlOf({ ...base, headers: { host: 'evil.com/path?x' } })).toBe('http://127.0.0.1:3000');
    expect(baseUrlOf({ ...base, headers: {} })).toBe('http://127.0.0.1:3000');
    expect(
      baseUrlOf({ ...base, socketAddress: '10.0.0.1', headers: { host: 'app', 'x-forwarded-host': 'evil.com/x', 'x-forwarded-proto': 'javascript' } }),
    ).toBe('http://app');
    expect(baseUrlOf({ ...base, headers: { host: '[::1]:8080' } })).toBe('http://[::1]:8080');
  });
});

describe('hasSameOrigin', () => {
  const settings = { publicUrl: null, trustProxy: trustedProxies('10.0.0.1'), host: '127.0.0.1', port: 3000 };
  const req = (socket: string, headers: Record<string, string>) =>
    ({ raw: { socket: { remoteAddress: socket } }, protocol: 'http', headers }) as unknown as FastifyRequest;

  it('agrees with the links behind a trusted TLS proxy', () => {
    const headers = { host: 'app:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'ips.example.com', origin: 'https://ips.example.com' };
    expect(hasSameOrigin(req('10.0.0.1', headers), settings)).toBe(true);
    expect(hasSameOrigin(req('192.0.2.9', headers), settings)).toBe(false);
  });

  it('compares with the origin of PUBLIC_URL, path or not', () => {
    const withPublic = { ...settings, publicUrl: new URL('https://ips.example.com/base/') };
    expect(hasSameOrigin(req('192.0.2.9', { host: 'x', origin: 'https://ips.example.com' }), withPublic)).toBe(true);
    expect(hasSameOrigin(req('192.0.2.9', { host: 'x', origin: 'http://x' }), withPublic)).toBe(false);
  });

  it('refuses a missing Origin', () => {
    expect(hasSameOrigin(req('192.0.2.9', { host: 'app:3000' }), settings)).toBe(false);
  });
});
