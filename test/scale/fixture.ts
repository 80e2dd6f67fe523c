// What the scale tests share: a tenant with a key-holding data user, some planning rows, a
// snapshot of everything that must survive a fault, and a small HTTP client with a deadline.
import { createConnection } from 'mysql2/promise';
import request from 'supertest';
import { basic, createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../support/api';
import { ADMIN_PASSWORD, TEST_SECRET, TestApp } from '../support/test-app';

export const SERVER_ENV = { IPS_SECRET: TEST_SECRET, IPS_ADMIN_PASSWORD: ADMIN_PASSWORD };

/** The api.ts helpers only need the base URL of whatever answers (a process or the load balancer). */
export const at = (url: string) => ({ url }) as TestApp;

export interface Provisioned {
  key: string;
  cookie: string;
  userId: number;
  adminCookie: string;
}

export async function provision(url: string, tenant = 'acme', projects = 5): Promise<Provisioned> {
  await createTenant(at(url), tenant);
  const admin = await signIn(at(url), tenant, 'Administrator', TENANT_ADMIN_PASSWORD);
  const userId = await createUserWithRoles(admin, tenant, 'feeder', ['Security/API Key', 'Data/Read', 'Data/Write']);
  const feeder = await signIn(at(url), tenant, 'feeder', USER_PASSWORD);
  const key = (await feeder.post(`/${tenant}/api/v1/me/api-key`).expect(201)).body.key as string;
  await admin.patch(`/${tenant}/api/v1/settings`, { previewWebFeatures: true }).expect(200);
  for (let i = 0; i < projects; i++) {
    await request(url)
      .post(`/${tenant}/api/v1/projects`)
      .set('Authorization', `Bearer ${key}`)
      .send({ name: `P${i}`, region: 'North Sea', status: 'Approved', owner: null, startDate: '2030-01-15', capex: 1000 + i, npv: i })
      .expect(201);
  }
  return { key, cookie: feeder.cookie, userId, adminCookie: admin.cookie };
}

/** Every row a fault must not lose or change: keys, users, tenants and their settings, planning rows. */
export async function snapshot(databaseUrl: string): Promise<Record<string, unknown[]>> {
  const connection = await createConnection({ uri: databaseUrl, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
  try {
    const tables: Record<string, string> = {
      api_key: 'SELECT * FROM api_key ORDER BY id',
      users: 'SELECT * FROM users ORDER BY id',
      tenant: 'SELECT * FROM tenant ORDER BY id',
      workgroup: 'SELECT * FROM workgroup ORDER BY id',
      workgroup_member: 'SELECT * FROM workgroup_member ORDER BY workgroupId, userId',
      project: 'SELECT * FROM project ORDER BY id',
      cashflow: 'SELECT * FROM cashflow ORDER BY projectId, year',
    };
    const result: Record<string, unknown[]> = {};
    for (const [name, sql] of Object.entries(tables)) {
      const [rows] = await connection.query(sql);
      // lastUsedAt moves when a key is used; it is a use record, not data the user wrote.
      result[name] = (rows as Record<string, unknown>[]).map(({ lastUsedAt: _lastUsedAt, ...row }) => row);
    }
    return result;
  } finally {
    await connection.end();
  }
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

/** One request with a hard deadline: a hang becomes status 0 instead of a stuck test. */
export async function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}, deadlineMs = 15_000): Promise<Answer> {
  const started = Date.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(deadlineMs) });
    const body = await res.text();
    return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body, ms: Date.now() - started };
  } catch {
    return { status: 0, headers: {}, body: 'no answer before the deadline', ms: Date.now() - started };
  }
}

/** The requests a fault must turn into 503s: each needs the database on a cold path. */
export function databaseRequests(
  base: string,
  p: Provisioned,
  tenant = 'acme',
): { name: string; url: string; init: { method?: string; headers?: Record<string, string>; body?: string } }[] {
  const json = { 'Content-Type': 'application/json' };
  return [
    { name: 'OData page with a key', url: `${base}/${tenant}/odata/Projects`, init: { headers: { Authorization: basic('FeedKey', p.key) } } },
    { name: 'GET /me with a key', url: `${base}/${tenant}/api/v1/me`, init: { headers: { Authorization: `Bearer ${p.key}` } } },
    { name: 'GET /me with a cookie', url: `${base}/${tenant}/api/v1/me`, init: { headers: { Cookie: p.cookie } } },
    { name: 'projects with a key', url: `${base}/${tenant}/api/v1/projects`, init: { headers: { Authorization: `Bearer ${p.key}` } } },
    {
      name: 'sign-in',
      url: `${base}/${tenant}/auth/login`,
      init: { method: 'POST', headers: json, body: JSON.stringify({ loginId: 'feeder', password: USER_PASSWORD }) },
    },
    { name: 'tenant-info', url: `${base}/${tenant}/api/v1/tenant-info`, init: {} },
    { name: '/admin/api', url: `${base}/admin/api/tenants`, init: { headers: { Authorization: basic('admin', ADMIN_PASSWORD) } } },
    { name: '/health', url: `${base}/health`, init: {} },
  ];
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A throw-away database on the shared MariaDB (127.0.0.1:3306), dropped by drop(). */
export async function createMysqlDatabase(
  server = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ips_scale_${process.pid}_${Math.random().toString(16).slice(2, 10)}`;
  const admin = await createConnection(server);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await admin.end();
  return {
    url: `${server}/${name}`,
    drop: async () => {
      const connection = await createConnection(server);
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}
