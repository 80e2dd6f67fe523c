// The one definition of "the address this server is reached at", used by the CSRF check of
// cookie writes, OData context URLs and nextLinks, and page redirects: PUBLIC_URL when set;
// otherwise X-Forwarded-Proto/Host when the socket peer is a trusted proxy; otherwise the
// request's own protocol and Host header. SAML entity IDs and ACS URLs use PUBLIC_URL only.
import { isIP } from 'node:net';
import { FastifyRequest } from 'fastify';
import { normalizeAddress } from './client-address';
import type { TrustedProxies } from './trusted-proxies';

/** The parts of the configuration that decide the origin. */
export interface OriginSettings {
  publicUrl: URL | null;
  trustProxy: TrustedProxies;
  /** host:port the server listens on; used when the request has no usable Host header. */
  host: string;
  port: number;
}

export interface OriginInput {
  publicUrl: URL | null;
  trustProxy: TrustedProxies;
  socketAddress: string | undefined;
  protocol: string;
  headers: Record<string, string | string[] | undefined>;
  /** Used when the request has no usable Host header. */
  fallbackHost: string;
}

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function firstHeader(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.split(',')[0].trim() || undefined;
}

/** The absolute base URL without trailing slash (PUBLIC_URL may carry a path). Pure. */
export function baseUrlOf(input: OriginInput): string {
  if (input.publicUrl) return input.publicUrl.href.replace(/\/+$/, '');
  let protocol = input.protocol === 'https' ? 'https' : 'http';
  let host = firstHeader(input.headers.host);
  const peer = normalizeAddress(input.socketAddress);
  if (isIP(peer) && input.trustProxy.trusts(peer)) {
    const fwdProto = firstHeader(input.headers['x-forwarded-proto'])?.toLowerCase();
    const fwdHost = firstHeader(input.headers['x-forwarded-host']);
    if (fwdProto === 'http' || fwdProto === 'https') protocol = fwdProto;
    if (fwdHost && HOST.test(fwdHost)) host = fwdHost;
  }
  if (!host || !HOST.test(host)) host = input.fallbackHost;
  return `${protocol}://${host}`;
}

function inputOf(req: FastifyRequest, settings: OriginSettings): OriginInput {
  return {
    publicUrl: settings.publicUrl,
    trustProxy: settings.trustProxy,
    socketAddress: req.raw.socket.remoteAddress,
    protocol: req.protocol,
    headers: req.headers,
    fallbackHost: `${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${settings.port}`,
  };
}

/** e.g. `https://ips.example.com/base` — what links and redirects start with. */
export function serverBaseUrl(req: FastifyRequest, settings: OriginSettings): string {
  return baseUrlOf(inputOf(req, settings));
}

/** e.g. `https://ips.example.com` — what a browser sends as Origin from our pages. */
export function serverOrigin(req: FastifyRequest, settings: OriginSettings): string {
  return new URL(serverBaseUrl(req, settings)).origin;
}

/** CSRF defence for cookie-authenticated writes: the Origin header must be this server's. */
export function hasSameOrigin(req: FastifyRequest, settings: OriginSettings): boolean {
  const origin = req.headers.origin;
  return typeof origin === 'string' && origin === serverOrigin(req, settings);
}
