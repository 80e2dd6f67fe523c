// Small helpers that act like the clients of the server: the IPS Administrator, a browser
// with a session cookie, an API-key client.
import http from 'node:http';
import request from 'supertest';
import { ADMIN_PASSWORD, TestApp } from './test-app';

export const basic = (name: string, secret: string) => 'Basic ' + Buffer.from(`${name}:${secret}`, 'utf8').toString('base64');
export const adminAuth = () => basic('admin', ADMIN_PASSWORD);

export const TENANT_ADMIN_PASSWORD = 'tenant-admin-password-1';
export const USER_PASSWORD = 'user-password-123456';

/** Creates a tenant through the IPS administration API. */
export async function createTenant(t: TestApp, name: string, administratorPassword = TENANT_ADMIN_PASSWORD): Promise<void> {
  const res = await request(t.url).post('/admin/api/tenants').set('Authorization', adminAuth()).send({ name, administratorPassword });
  if (res.status !== 201) throw new Error(`createTenant ${name}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A browser-like client: signed in, sends its cookie and a same-origin Origin on writes. */
export interface Browser {
  cookie: string;
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  put(path: string, body?: object): request.Test;
  patch(path: string, body?: object): request.Test;
  delete(path: string): request.Test;
}

/** `origin` is the page's origin: the server's own address unless PUBLIC_URL says otherwise. */
export function browser(t: TestApp, cookie: string, origin = t.url): Browser {
  const withCookie = (r: request.Test) => r.set('Cookie', cookie);
  const write = (r: request.Test, body?: object) => {
    const req = withCookie(r).set('Origin', origin);
    return body === undefined ? req : req.send(body);
  };
  return {
    cookie,
    get: (path) => withCookie(request(t.url).get(path)),
    post: (path, body) => write(request(t.url).post(path), body),
    put: (path, body) => write(request(t.url).put(path), body),
    patch: (path, body) => write(request(t.url).patch(path), body),
    delete: (path) => write(request(t.url).delete(path)),
  };
}

/** Signs in with JSON and returns a browser holding the session cookie. */
export async function signIn(t: TestApp, tenant: string, loginId: string, password: string): Promise<Browser> {
  const res = await request(t.url).post(`/${tenant}/auth/login`).send({ loginId, password });
  if (res.status !== 200) throw new Error(`signIn ${tenant}/${loginId}: ${res.status} ${JSON.stringify(res.body)}`);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
  return browser(t, cookie);
}

/** Creates a Local user and a workgroup giving it the roles; returns the user's id. */
export async function createUserWithRoles(
  admin: Browser,
  tenant: string,
  loginId: string,
  roles: string[],
  type: 'Local' | 'SAML2' = 'Local',
): Promise<number> {
  const created = await admin.post(`/${tenant}/api/v1/users`, type === 'Local' ? { loginId, type, password: USER_PASSWORD } : { loginId, type });
  if (created.status !== 201) throw new Error(`create user ${loginId}: ${created.status} ${JSON.stringify(created.body)}`);
  if (roles.length) {
    const group = await admin.post(`/${tenant}/api/v1/workgroups`, {
      name: `wg-${loginId}`.slice(0, 100),
      members: [created.body.id],
      roles: Object.fromEntries(roles.map((r) => [r, 'Allowed'])),
    });
    if (group.status !== 201) throw new Error(`create workgroup for ${loginId}: ${group.status} ${JSON.stringify(group.body)}`);
  }
  return created.body.id;
}

export interface RawReply {
  status: number;
  headers: import('node:http').IncomingHttpHeaders;
  text: string;
}

/**
 * A request sent from a chosen loopback address (127.0.0.x), as a distinct client would:
 * throttling counts failures per client address, so tests pick addresses on purpose.
 */
export function requestFrom(
  t: TestApp,
  localAddress: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawReply> {
  const url = new URL(path, t.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method ?? 'GET', headers: options.headers ?? {}, localAddress },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
