// Issue 10: random JSON bodies (deep, wide, every type, exponent numbers, unicode, DTO-like
// objects built from the real property names) sent to EVERY route that takes a JSON body,
// enumerated from the OpenAPI document, authenticated so that validation is reached. The
// answer is always a client error or a success, never a 5xx (SPEC 8).
import fc from 'fast-check';
import { adminAuth, createTenant, requestFrom, signIn, TENANT_ADMIN_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

const T = 'fuzz';
/** Property names of the DTOs (and near misses), so random objects reach the validators. */
const NAMES = [
  'name',
  'region',
  'status',
  'owner',
  'startDate',
  'capex',
  'npv',
  'year',
  'revenue',
  'opex',
  'netCashflow',
  'loginId',
  'password',
  'currentPassword',
  'newPassword',
  'type',
  'displayName',
  'locked',
  'deactivated',
  'apiAccess',
  'members',
  'roles',
  'Data/Read',
  'Security/API Key',
  'constructor',
  'toString',
  '__proto__',
  'prototype',
  'previewWebFeatures',
  'apiAccessEnabled',
  'loginMethods',
  'local',
  'saml2',
  'saml',
  'idpEntityId',
  'idpSsoUrl',
  'idpCertificate',
  'allowedDomains',
  'metadata',
  'administratorPassword',
  'apiKeyNames',
  'apiKeyLifetimeDays',
];

/** Numbers as JSON text, exponent forms and extremes included. */
const numberText = fc.oneof(
  fc.double().filter(Number.isFinite).map(String),
  fc.integer().map(String),
  fc.tuple(fc.integer({ min: -9, max: 9 }), fc.integer({ min: -400, max: 400 })).map(([m, e]) => `${m}e${e}`),
  fc.constantFrom('1e-7', '1e21', '-0', '1E+2', '0.1e1', '9'.repeat(400), '1.' + '5'.repeat(40), '2.5E-1'),
);
const stringText = fc
  .oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('2023-02-31', '2024-02-29', 'Allowed', 'Denied', 'Local', '\u0000', '\ud800'))
  .map((s) => JSON.stringify(s));

const valueText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberText,
    stringText,
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('value'), { maxLength: 5 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...NAMES), fc.string({ unit: 'binary', maxLength: 12 })), tie('value')), { maxLength: 8 })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
})).value;

const bodyText = fc.oneof(
  valueText,
  fc.integer({ min: 1, max: 30_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.integer({ min: 1, max: 5_000 }).map((n) => '{' + Array.from({ length: n }, (_, i) => `"${NAMES[i % NAMES.length]}${i}":${i}e-3`).join(',') + '}'),
  fc
    .integer({ min: 1, max: 400 })
    .map((n) => '[' + Array.from({ length: n }, (_, i) => `{"year":${1900 + i},"revenue":1e-7,"opex":1,"capex":0,"netCashflow":0}`).join(',') + ']'),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

interface Route {
  method: string;
  path: string;
}

describe('random JSON bodies on every JSON route', () => {
  let t: TestApp;
  let cookie: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, T);
    const admin = await signIn(t, T, 'Administrator', TENANT_ADMIN_PASSWORD);
    cookie = admin.cookie;
    const project = await admin.post(`/${T}/api/v1/projects`, {
      name: 'P',
      region: 'R',
      status: 'Approved',
      owner: null,
      startDate: '2030-01-01',
      capex: 1,
      npv: 1,
    });
    ids.project = String(project.body.id);
    ids.user = String((await admin.get(`/${T}/api/v1/users`)).body[0].id);
    ids.workgroup = String((await admin.post(`/${T}/api/v1/workgroups`, { name: 'wg', members: [], roles: {} })).body.id);
  });
  afterAll(() => t.close());

  it('answers 2xx or 4xx, never 5xx', async () => {
    const document = JSON.parse((await requestFrom(t, '127.0.0.1', '/api/docs-json')).text) as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
    };
    const routes: Route[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (operation.requestBody?.content?.['application/json']) routes.push({ method: method.toUpperCase(), path });
      }
    }
    // The routes this test must reach, at least: sign-in, settings, planning data, workgroups.
    expect(routes.length).toBeGreaterThanOrEqual(10);
    expect(routes.map((r) => r.path)).toEqual(expect.arrayContaining(['/{tenant}/auth/login', '/{tenant}/api/v1/projects/{id}/cashflows']));

    const failures: string[] = [];
    const seen: string[] = [];
    for (const [index, route] of routes.entries()) {
      const path = route.path
        .replace('{tenant}', T)
        .replace('{name}', T)
        .replace('{id}', route.path.includes('/users/') ? ids.user : route.path.includes('/workgroups/') ? ids.workgroup : ids.project);
      const headers: Record<string, string> = { 'Content-Type': 'application/json', Origin: t.url };
      if (path.startsWith('/admin/')) headers.Authorization = adminAuth();
      else headers.Cookie = cookie;
      // Each route from its own address: failed sign-ins must not throttle the other routes.
      const address = `127.0.1.${index + 1}`;
      await fc.assert(
        fc.asyncProperty(bodyText, async (body) => {
          const res = await requestFrom(t, address, path, {
            method: route.method,
            headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
            body,
          });
          seen.push(`${route.method} ${route.path} ${res.status}`);
          if (res.status >= 500) failures.push(`${route.method} ${route.path} ${res.status} ${body.slice(0, 200)} -> ${res.text.slice(0, 200)}`);
          return res.status < 500 && (res.status < 400 || res.text.length < 4000);
        }),
        { numRuns: 25, seed: 10 + index },
      );
    }
    expect(failures).toEqual([]);
    // Every route was reached past authentication: its validation answered 400 at least once.
    for (const route of routes) expect(seen).toContain(`${route.method} ${route.path} 400`);
  });
});
