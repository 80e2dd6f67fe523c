// Issue 10 "Hostile input and abuse": bodies, parameters and headers an attacker or a
// careless client sends. Every one gets a short, clear 4xx (SPEC 8), never a 500, and none
// can keep the event loop busy.
import http from 'node:http';
import request from 'supertest';
import { adminAuth, basic, Browser, createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

const T = 'acme';
const project = { name: 'Alpha', region: 'North Sea', status: 'Approved', owner: null, startDate: '2030-01-15', capex: 100, npv: 1 };
const flow = (year: number) => ({ year, revenue: 1, opex: 1, capex: 0, netCashflow: 0 });

/** A raw request with full control of the header lines (duplicates included). */
function raw(t: TestApp, method: string, path: string, headers: Record<string, string | string[]>, body?: string | Buffer) {
  const url = new URL(path, t.url);
  return new Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const manyKeys = (n: number) => '{' + Array.from({ length: n }, (_, i) => `"k${i}":1`).join(',') + '}';
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

describe('hostile input', () => {
  let t: TestApp;
  let admin: Browser;
  let writer: string;
  let projectId: number;

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, T);
    admin = await signIn(t, T, 'Administrator', TENANT_ADMIN_PASSWORD);
    await createUserWithRoles(admin, T, 'writer', ['Data/Read', 'Data/Write', 'Security/API Key']);
    const session = await signIn(t, T, 'writer', USER_PASSWORD);
    writer = `Bearer ${(await session.post(`/${T}/api/v1/me/api-key`).expect(201)).body.key}`;
    projectId = (await request(t.url).post(`/${T}/api/v1/projects`).set('Authorization', writer).send(project).expect(201)).body.id;
  });
  afterAll(() => t.close());

  const json = (method: string, path: string, body: string, auth = writer) =>
    raw(t, method, path, { 'Content-Type': 'application/json', Authorization: auth, 'Content-Length': String(Buffer.byteLength(body)) }, body);

  describe('body size and shape are bounded before validation', () => {
    it('refuses a sign-in body of 200,000 keys with 413 before parsing it, and /health/live stays responsive', async () => {
      const started = Date.now();
      const [login, live] = await Promise.all([
        raw(t, 'POST', `/${T}/auth/login`, { 'Content-Type': 'application/json' }, manyKeys(200_000)),
        request(t.url).get('/health/live'),
      ]);
      expect(login.status).toBe(413);
      expect(live.status).toBe(200);
      expect(login.text.length).toBeLessThan(1000);
      // Not a timing assertion on the server: only that the whole exchange did not hang.
      expect(Date.now() - started).toBeLessThan(30_000);
    });

    it('refuses an object with more keys than any DTO has with a short 400 (the former 400 listed every property)', async () => {
      const res = await json('POST', `/${T}/api/v1/projects`, manyKeys(5000));
      expect(res.status).toBe(400);
      expect(res.text.length).toBeLessThan(1000);
    });

    it('keeps validation messages short when a body has many unknown properties', async () => {
      const body = JSON.stringify({ ...project, ...Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`extra${i}`, i])) });
      const res = await json('POST', `/${T}/api/v1/projects`, body);
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/property extra0 should not exist.*and 140 more/);
      expect(res.text.length).toBeLessThan(2500);
    });

    it('refuses objects wider than a narrow route validates before parsing them (sign-in, password, cashflow items), JSON and forms alike', async () => {
      const signInWith = (unknown: number) =>
        JSON.stringify({ loginId: 'Administrator', password: 'wrong', ...Object.fromEntries(Array.from({ length: unknown }, (_, i) => [`k${i}`, i])) });
      const login = (body: string, type = 'application/json') =>
        raw(t, 'POST', `/${T}/auth/login`, { 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)) }, body);
      // The DTO's two fields and ten unknown ones still reach validation, which names them.
      const widest = await login(signInWith(10));
      expect(widest.status).toBe(400);
      expect(widest.text).toMatch(/property k0 should not exist.*property k9 should not exist/);
      const wider = await login(signInWith(11));
      expect(wider.status).toBe(400);
      expect(wider.text).toMatch(/JSON object with more than 12 keys/);
      // A form with more fields is refused too, not cut short to the first ones.
      const form = (fields: number) =>
        ['loginId=Administrator', `password=${TENANT_ADMIN_PASSWORD}`, ...Array.from({ length: fields - 2 }, (_, i) => `k${i}=1`)].join('&');
      const widerForm = await login(form(13), 'application/x-www-form-urlencoded');
      expect(widerForm.status).toBe(400);
      expect(widerForm.text).toMatch(/Form with more than 12 fields/);
      const password = JSON.stringify({ currentPassword: 'x', newPassword: 'y', ...Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i])) });
      const change = await admin.post(`/${T}/api/v1/me/password`).set('Content-Type', 'application/json').send(password);
      expect(change.status).toBe(400);
      expect(change.text).toMatch(/more than 12 keys/);
      const item = (unknown: number) => ({ ...flow(2000), ...Object.fromEntries(Array.from({ length: unknown }, (_, i) => [`u${i}`, i])) });
      const cashflows = (unknown: number) => json('PUT', `/${T}/api/v1/projects/${projectId}/cashflows`, JSON.stringify([flow(1999), item(unknown)]));
      const widestItem = await cashflows(10);
      expect(widestItem.status).toBe(400);
      expect(widestItem.text).toMatch(/\[1\] property u0 should not exist/);
      const widerItem = await cashflows(11);
      expect(widerItem.status).toBe(400);
      expect(widerItem.text).toMatch(/JSON object with more than 15 keys/);
      // Other routes keep the parser's own bound: a project with 150 unknown keys is validated (the test above).
    });

    it('answers JSON nested 20,000 deep with 400 on sign-in and data routes, and logs no stack', async () => {
      const before = t.logs.length;
      for (const body of [deep(20_000), deepObject(20_000)]) {
        const login = await raw(t, 'POST', `/${T}/auth/login`, { 'Content-Type': 'application/json' }, body.slice(0, 15_000) + body.slice(-1000));
        expect([400, 413]).toContain(login.status);
        const login2 = await raw(t, 'POST', `/${T}/auth/login`, { 'Content-Type': 'application/json' }, deepObject(1000));
        expect(login2.status).toBe(400);
        expect(login2.text).toMatch(/nested deeper/);
        const put = await json('PUT', `/${T}/api/v1/projects/${projectId}`, body);
        expect(put.status).toBe(400);
        expect(put.text).toMatch(/nested deeper/);
      }
      const settings = await admin.patch(`/${T}/api/v1/settings`).set('Content-Type', 'application/json').send(deepObject(5000));
      expect(settings.status).toBe(400);
      const logged = t.logs.slice(before).join('\n');
      expect(logged).not.toMatch(/RangeError|Maximum call stack/);
      expect(t.logs.length - before).toBeGreaterThanOrEqual(7); // a request line for each answer above
      // No stack trace of any kind, and no line near the multi-KB stacks the review found.
      expect(logged).not.toMatch(/\n\s+at \S/);
      expect(Math.max(0, ...t.logs.slice(before).map((line) => line.length))).toBeLessThan(2000);
    });

    it('refuses a cashflow array longer than the years that exist before validating any item; 100,000 items are a 413', async () => {
      const years = Array.from({ length: 301 }, (_, i) => flow(1900 + i));
      const tooMany = await json('PUT', `/${T}/api/v1/projects/${projectId}/cashflows`, JSON.stringify([...years, flow(2000)]));
      expect(tooMany.status).toBe(400);
      expect(tooMany.text).toMatch(/at most 301 items/);
      const huge = await json('PUT', `/${T}/api/v1/projects/${projectId}/cashflows`, JSON.stringify(Array.from({ length: 100_000 }, () => flow(2000))));
      expect(huge.status).toBe(413);
      const all = await json('PUT', `/${T}/api/v1/projects/${projectId}/cashflows`, JSON.stringify(years));
      expect(all.status).toBe(200);
      expect(JSON.parse(all.text)).toHaveLength(301);
      const bad = await json('PUT', `/${T}/api/v1/projects/${projectId}/cashflows`, JSON.stringify([flow(2000), { ...flow(2001), year: 1800 }]));
      expect(bad.status).toBe(400);
      expect(bad.text).toMatch(/\[1\] year/);
    });

    it('takes the widest valid cashflow array however it is indented, and refuses a longer body with 413 before parsing it', async () => {
      const widest = Array.from({ length: 301 }, (_, i) => ({ year: 1900 + i, revenue: 0, opex: 0, capex: 0, netCashflow: 0 }));
      // Every amount at its widest, indented by four spaces, with CRLF line ends: 61 KB.
      const text = JSON.stringify(widest, null, 4)
        .replace(/(revenue|opex|capex|netCashflow)": 0/g, '$1": -999999999999999.99')
        .replace(/\n/g, '\r\n');
      const stored = await json('PUT', `/${T}/api/v1/projects/${projectId}/cashflows`, text);
      expect(stored.status).toBe(200);
      expect((JSON.parse(stored.text) as { revenue: number }[]).every((c) => c.revenue === Number('-999999999999999.99'))).toBe(true);
      // Twice that is still accepted (then 400 for the unknown keys); past the limit, 413.
      const padded = (bytes: number) => `[{"year":2000,"revenue":1,"opex":1,"capex":0,"netCashflow":0,"pad":"${'x'.repeat(bytes)}"}]`;
      expect((await json('PUT', `/${T}/api/v1/projects/${projectId}/cashflows`, padded(2 * text.length))).status).toBe(400);
      expect((await json('PUT', `/${T}/api/v1/projects/${projectId}/cashflows`, padded(128 * 1024))).status).toBe(413);
    });
  });

  describe('numbers and dates', () => {
    it('accepts exponent notation for exact amounts and refuses what DECIMAL(18,2) cannot hold, with 400 not 500', async () => {
      const put = (body: object) => json('PUT', `/${T}/api/v1/projects/${projectId}`, JSON.stringify(body));
      for (const capex of ['1e-7', '1e21', '1.005', '-1e16', '1e400']) {
        const res = await json('PUT', `/${T}/api/v1/projects/${projectId}`, JSON.stringify({ ...project, capex: 0 }).replace('"capex":0', `"capex":${capex}`));
        expect([capex, res.status]).toEqual([capex, 400]);
      }
      const ok = await json(
        'PUT',
        `/${T}/api/v1/projects/${projectId}`,
        JSON.stringify(project).replace('"capex":100', '"capex":1.5e2').replace('"npv":1', '"npv":-2.5E-1'),
      );
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.text)).toMatchObject({ capex: 150, npv: -0.25 });
      expect((await put({ ...project, npv: 1e15 })).status).toBe(200);
      const flows = await json('PUT', `/${T}/api/v1/projects/${projectId}/cashflows`, JSON.stringify([flow(2030)]).replace('"revenue":1', '"revenue":1e-7'));
      expect(flows.status).toBe(400);
      const flows2 = await json('PUT', `/${T}/api/v1/projects/${projectId}/cashflows`, JSON.stringify([flow(2030)]).replace('"revenue":1', '"revenue":1e21'));
      expect(flows2.status).toBe(400);
    });

    it('refuses impossible dates (2023-02-31) on both databases and keeps real ones (2024-02-29)', async () => {
      for (const startDate of ['2023-02-31', '2023-04-31', '2023-13-01', '2100-02-29', '0000-01-01']) {
        const res = await request(t.url)
          .post(`/${T}/api/v1/projects`)
          .set('Authorization', writer)
          .send({ ...project, startDate });
        expect([startDate, res.status]).toEqual([startDate, 400]);
      }
      const leap = await request(t.url)
        .post(`/${T}/api/v1/projects`)
        .set('Authorization', writer)
        .send({ ...project, startDate: '2024-02-29' });
      expect(leap.status).toBe(201);
      expect(leap.body.startDate).toBe('2024-02-29');
      const read = await request(t.url).get(`/${T}/api/v1/projects/${leap.body.id}`).set('Authorization', writer);
      expect([read.status, read.body.startDate]).toEqual([200, '2024-02-29']);
    });

    it('refuses impossible dates on PUT too, naming startDate and leaving the project as it was, and stores a leap day unchanged', async () => {
      const put = (startDate: string) =>
        request(t.url)
          .put(`/${T}/api/v1/projects/${projectId}`)
          .set('Authorization', writer)
          .send({ ...project, startDate });
      const read = async () => (await request(t.url).get(`/${T}/api/v1/projects/${projectId}`).set('Authorization', writer).expect(200)).body.startDate;
      expect((await put('2030-01-15')).status).toBe(200);
      for (const startDate of ['2023-02-31', '2023-13-01', '2023-04-31', '2023-00-10', '2023-06-00', '2100-02-29']) {
        const res = await put(startDate);
        expect([startDate, res.status]).toEqual([startDate, 400]);
        expect(res.body.message).toMatch(/startDate must be a date YYYY-MM-DD/);
      }
      expect(await read()).toBe('2030-01-15');
      const leap = await put('2024-02-29');
      expect(leap.status).toBe(200);
      expect(leap.body.startDate).toBe('2024-02-29');
      expect(await read()).toBe('2024-02-29');
    });

    // Sent as raw JSON text: JSON.stringify would write 1e2 as 100.
    let createdId = 0;
    const amountRoutes: [string, string, number, (amount: string) => Promise<{ status: number; text: string }>, () => Promise<number>][] = [
      [
        'POST /projects',
        'npv',
        201,
        async (amount) => {
          const res = await json('POST', `/${T}/api/v1/projects`, JSON.stringify({ ...project, npv: '@' }).replace('"@"', amount));
          if (res.status === 201) createdId = JSON.parse(res.text).id;
          return res;
        },
        async () => (await request(t.url).get(`/${T}/api/v1/projects/${createdId}`).set('Authorization', writer).expect(200)).body.npv,
      ],
      [
        'PUT /projects/:id',
        'capex',
        200,
        (amount) => json('PUT', `/${T}/api/v1/projects/${projectId}`, JSON.stringify({ ...project, capex: '@' }).replace('"@"', amount)),
        async () => (await request(t.url).get(`/${T}/api/v1/projects/${projectId}`).set('Authorization', writer).expect(200)).body.capex,
      ],
      [
        'PUT /projects/:id/cashflows',
        '[0] revenue',
        200,
        (amount) => json('PUT', `/${T}/api/v1/projects/${projectId}/cashflows`, JSON.stringify([{ ...flow(2030), revenue: '@' }]).replace('"@"', amount)),
        async () => (await request(t.url).get(`/${T}/api/v1/projects/${projectId}/cashflows`).set('Authorization', writer).expect(200)).body[0].revenue,
      ],
    ];

    it.each(amountRoutes)(
      '%s stores exponent-notation amounts DECIMAL(18,2) holds exactly and refuses the rest naming %s',
      async (_route, field, ok, send, readBack) => {
        for (const [amount, value] of [
          ['1e2', 100],
          ['1.5e3', 1500],
          ['12345e-2', 123.45],
          ['-2.5E-1', -0.25],
          ['1e15', 1e15],
        ] as const) {
          const res = await send(amount);
          expect([amount, res.status]).toEqual([amount, ok]);
          expect([amount, await readBack()]).toEqual([amount, value]);
        }
        const stored = await readBack();
        for (const amount of ['1e-7', '1e21', '12345e-3', '1.5e-3', '-1e16', '1e400']) {
          const res = await send(amount);
          expect([amount, res.status]).toEqual([amount, 400]);
          const message: string = JSON.parse(res.text).message;
          expect([amount, message.startsWith(`${field} must`) ? field : message]).toEqual([amount, field]);
        }
        expect(await readBack()).toBe(stored);
      },
    );
  });

  describe('ids and query integers', () => {
    it('reads ids as plain positive integers only', async () => {
      const users = (await admin.get(`/${T}/api/v1/users`).expect(200)).body as { id: number }[];
      const id = users[0].id;
      expect((await admin.get(`/${T}/api/v1/users/${id}`)).status).toBe(200);
      for (const text of [`0x${id.toString(16)}`, `${id}e0`, `${id}.0`, `%20${id}`, `0${id}`, '0', '-1', '9007199254740993', `${id}%20`]) {
        const res = await admin.get(`/${T}/api/v1/users/${text}`);
        expect([text, res.status]).toEqual([text, 400]);
      }
      for (const text of ['0x10', '1e3', '10.0', '%205']) {
        const res = await request(t.url).get(`/${T}/api/v1/projects?limit=${text}`).set('Authorization', writer);
        expect([text, res.status]).toEqual([text, 400]);
      }
      expect((await request(t.url).get(`/${T}/api/v1/projects?limit=5&afterId=0`).set('Authorization', writer)).status).toBe(200);
    });

    describe('on every route that takes an id (IdParam)', () => {
      // One of each resource, made once: the DELETE rows come last and spend them.
      const ids = { user: 0, workgroup: 0, project: 0 };
      beforeAll(async () => {
        ids.user = (await admin.get(`/${T}/api/v1/me`).expect(200)).body.id;
        await admin.post(`/${T}/api/v1/me/api-key`).expect(201);
        ids.workgroup = (await admin.post(`/${T}/api/v1/workgroups`, { name: 'wg-ids', members: [], roles: {} }).expect(201)).body.id;
        ids.project = (await request(t.url).post(`/${T}/api/v1/projects`).set('Authorization', writer).send(project).expect(201)).body.id;
      });
      const api = (path: string) => `/${T}/api/v1${path}`;
      const asWriter = (method: 'get' | 'put' | 'delete', path: string, body?: object) => {
        const req = request(t.url)[method](api(path)).set('Authorization', writer);
        return body === undefined ? req : req.send(body);
      };
      const workgroup = { name: 'wg-ids', members: [], roles: { 'Data/Read': 'Allowed' } };
      const routes: [string, keyof typeof ids, number, (id: string) => request.Test][] = [
        ['GET /users/:id', 'user', 200, (id) => admin.get(api(`/users/${id}`))],
        ['PATCH /users/:id', 'user', 200, (id) => admin.patch(api(`/users/${id}`), { displayName: 'Administrator' })],
        ['DELETE /users/:id/api-key', 'user', 204, (id) => admin.delete(api(`/users/${id}/api-key`))],
        ['GET /workgroups/:id', 'workgroup', 200, (id) => admin.get(api(`/workgroups/${id}`))],
        ['PUT /workgroups/:id', 'workgroup', 200, (id) => admin.put(api(`/workgroups/${id}`), workgroup)],
        ['DELETE /workgroups/:id', 'workgroup', 204, (id) => admin.delete(api(`/workgroups/${id}`))],
        ['GET /projects/:id', 'project', 200, (id) => asWriter('get', `/projects/${id}`)],
        ['PUT /projects/:id', 'project', 200, (id) => asWriter('put', `/projects/${id}`, project)],
        ['GET /projects/:id/cashflows', 'project', 200, (id) => asWriter('get', `/projects/${id}/cashflows`)],
        ['PUT /projects/:id/cashflows', 'project', 200, (id) => asWriter('put', `/projects/${id}/cashflows`, [flow(2030)])],
        ['DELETE /projects/:id', 'project', 204, (id) => asWriter('delete', `/projects/${id}`)],
      ];

      it.each(routes)('%s refuses every loose form of the %s id with 400 naming id, and takes the plain id', async (_route, resource, ok, send) => {
        const id = ids[resource];
        const loose = [
          `0x${id.toString(16)}`,
          `${id}e0`,
          `${id}.0`,
          `%20${id}`,
          `${id}%20`,
          `0${id}`,
          `+${id}`,
          `-${id}`,
          '-1',
          '0',
          '9007199254740992',
          '9007199254740993',
          '1'.repeat(20),
        ];
        for (const text of loose) {
          const res = await send(text);
          expect([text, res.status, res.body.message]).toEqual([text, 400, 'id must be a positive integer']);
        }
        // Still there after all of them (a DELETE above would have made this a 404).
        expect((await send(String(id))).status).toBe(ok);
      });
    });
  });

  describe('role names', () => {
    it('refuses Object.prototype member names as roles (they were dropped silently)', async () => {
      for (const name of ['constructor', 'toString', 'hasOwnProperty', '__defineGetter__']) {
        const res = await admin.post(`/${T}/api/v1/workgroups`, { name: `wg-${name}`, members: [], roles: { [name]: 'Allowed' } });
        expect([name, res.status]).toEqual([name, 400]);
      }
      const ok = await admin.post(`/${T}/api/v1/workgroups`, { name: 'wg-ok', members: [], roles: { 'Data/Read': 'Allowed' } });
      expect(ok.status).toBe(201);
      expect(ok.body.roles).toEqual({ 'Data/Read': 'Allowed' });
    });

    // WorkgroupDto is the only DTO with role names: POST above, PUT /workgroups/:id here.
    it.each([
      ['constructor', '"Allowed"'],
      ['constructor', '{"prototype":"Allowed"}'],
      ['toString', '"Allowed"'],
      ['__proto__', '"Allowed"'],
      ['__proto__', '{"Data/Write":"Allowed"}'],
      ['hasOwnProperty', '"Allowed"'],
      ['valueOf', '"Allowed"'],
      ['__defineGetter__', '"Allowed"'],
    ])('refuses the role name %s (set to %s) on PUT /workgroups/:id, naming it, and leaves the workgroup unchanged', async (name, value) => {
      const groups = (await admin.get(`/${T}/api/v1/workgroups`).expect(200)).body as { id: number; name: string }[];
      const path = `/${T}/api/v1/workgroups/${groups.find((w) => w.name === 'wg-ok')!.id}`;
      // Raw JSON text: an object literal's "__proto__" key would set the prototype, not a property.
      const body = `{"name":"wg-ok","members":[],"roles":{"Data/Read":"Allowed",${JSON.stringify(name)}:${value}}}`;
      const res = await admin.put(path).set('Content-Type', 'application/json').send(body);
      expect([name, res.status]).toEqual([name, 400]);
      expect(res.body.message).toContain(name);
      expect((await admin.get(path).expect(200)).body.roles).toEqual({ 'Data/Read': 'Allowed' });
      expect((await admin.put(path, { name: 'wg-ok', members: [], roles: { 'Data/Read': 'Allowed' } })).status).toBe(200);
    });
  });

  describe('the Authorization header', () => {
    it('answers 400 to two Authorization headers instead of believing the first', async () => {
      const res = await raw(t, 'GET', `/${T}/api/v1/me`, { Authorization: [writer, basic('FeedKey', 'psk_x')] });
      expect(res.status).toBe(400);
      const odata = await raw(t, 'GET', `/${T}/odata/`, { Authorization: [basic('FeedKey', writer.slice(7)), 'Bearer x'] });
      expect(odata.status).toBe(400);
    });

    it('parses per RFC 7235: case-insensitive scheme, one or more spaces, no tabs', async () => {
      const key = writer.slice('Bearer '.length);
      expect((await raw(t, 'GET', `/${T}/api/v1/me`, { Authorization: `bEaReR ${key}` })).status).toBe(200);
      expect((await raw(t, 'GET', `/${T}/api/v1/me`, { Authorization: `Bearer   ${key}` })).status).toBe(200);
      expect((await raw(t, 'GET', `/${T}/odata/`, { Authorization: 'BASIC  ' + basic('FeedKey', key).slice(6) })).status).toBe(200);
      expect((await raw(t, 'GET', `/${T}/odata/`, { Authorization: 'Basic\t' + basic('FeedKey', key).slice(6) })).status).toBe(401);
      expect((await raw(t, 'GET', `/${T}/api/v1/me`, { Authorization: `Bearer\t${key}` })).status).toBe(401);
    });
  });

  describe('text and JSON kinds', () => {
    const users = async () => ((await admin.get(`/${T}/api/v1/users`).expect(200)).body as { loginId: string }[]).map((u) => u.loginId);
    const sendText = (method: 'post' | 'put' | 'patch', path: string, body: string) => admin[method](path).set('Content-Type', 'application/json').send(body);
    /** The body's bytes exactly as given (supertest would send a Buffer as its JSON form). */
    const sendBytes = async (path: string, body: Buffer) => {
      const headers = { 'Content-Type': 'application/json', Cookie: admin.cookie, Origin: t.url, 'Content-Length': String(body.length) };
      const res = await raw(t, 'POST', path, headers, body);
      return { status: res.status, body: JSON.parse(res.text) as { message?: string; displayName?: string; id?: number } };
    };

    it('refuses a lone surrogate anywhere in a body, naming where, and stores nothing (it was a 201, and the database kept other text than the answer showed)', async () => {
      const before = await users();
      const cases: [string, string, string][] = [
        ['post', `/${T}/api/v1/users`, '{"loginId":"a\\ud800","type":"Local","password":"a long password 1"}'],
        ['post', `/${T}/api/v1/users`, '{"loginId":"lone-low","displayName":"x\\udfffy","type":"Local","password":"a long password 1"}'],
        ['post', `/${T}/api/v1/workgroups`, '{"name":"wg-lone","members":[],"roles":{"Data/Read":"Allowed","\\ud83d":"Allowed"}}'],
        ['put', `/${T}/api/v1/projects/${projectId}/cashflows`, '[{"year":2030,"revenue":1,"opex":1,"capex":0,"netCashflow":0,"x\\ud800":1}]'],
      ];
      const expected = [
        /^loginId must be well-formed Unicode/,
        /^displayName must be well-formed Unicode/,
        /property name at roles must be well-formed Unicode/,
        /property name at \[0\] must be well-formed Unicode/,
      ];
      for (const [i, [method, path, body]] of cases.entries()) {
        const res = await sendText(method as 'post', path, body);
        expect([body, res.status, res.body.message]).toEqual([body, 400, expect.stringMatching(expected[i])]);
      }
      expect(await users()).toEqual(before);
      // A whole surrogate pair written as escapes is one character, and is kept exactly.
      const pair = await sendText(
        'post',
        `/${T}/api/v1/users`,
        '{"loginId":"pair","displayName":"\\ud83d\\ude00 smile","type":"Local","password":"a long password 1"}',
      );
      expect([pair.status, pair.body.displayName]).toEqual([201, '\u{1F600} smile']);
      const stored = (await admin.get(`/${T}/api/v1/users/${pair.body.id}`).expect(200)).body;
      expect(stored.displayName).toBe('\u{1F600} smile');
    });

    it('refuses a body that is not UTF-8 (a Latin-1 name became U+FFFD unseen) and keeps UTF-8 text exactly', async () => {
      const latin1 = Buffer.concat([
        Buffer.from('{"loginId":"latin1-user","displayName":"Ren'),
        Buffer.from([0xe9]),
        Buffer.from('e","type":"Local","password":"a long password 1"}'),
      ]);
      const refused = await sendBytes(`/${T}/api/v1/users`, latin1);
      expect([refused.status, refused.body.message]).toEqual([400, 'The body must be UTF-8 encoded JSON']);
      expect(await users()).not.toContain('latin1-user');
      const utf8 = await sendBytes(
        `/${T}/api/v1/users`,
        Buffer.from('{"loginId":"utf8-user","displayName":"Ren\u00e9e \u{1F600}","type":"Local","password":"a long password 1"}'),
      );
      expect([utf8.status, utf8.body.displayName]).toEqual([201, 'Ren\u00e9e \u{1F600}']);
      expect((await admin.get(`/${T}/api/v1/users/${utf8.body.id}`).expect(200)).body.displayName).toBe('Ren\u00e9e \u{1F600}');
    });

    it('refuses control characters in a loginId', async () => {
      for (const loginId of ['a\u0000b', 'tab\there', 'bell\u0007', 'line\nbreak', 'c1\u0085']) {
        const res = await admin.post(`/${T}/api/v1/users`, { loginId, type: 'Local', password: 'a long password 1' });
        expect([loginId, res.status, res.body.message]).toEqual([loginId, 400, expect.stringContaining('loginId must not')]);
      }
      expect((await users()).filter((id) => /\p{Cc}/u.test(id))).toEqual([]);
    });

    it('refuses null, an array or a number where the body must be an object, changing nothing (null was a 200 to a PATCH)', async () => {
      const settings = (await admin.get(`/${T}/api/v1/settings`).expect(200)).body;
      const me = (await admin.get(`/${T}/api/v1/me`).expect(200)).body as { id: number };
      const user = (await admin.get(`/${T}/api/v1/users/${me.id}`).expect(200)).body;
      const routes: ['post' | 'patch', string][] = [
        ['patch', `/${T}/api/v1/settings`],
        ['patch', `/${T}/api/v1/users/${me.id}`],
        ['post', `/${T}/api/v1/users`],
        ['post', `/${T}/api/v1/projects`],
        ['post', `/${T}/auth/login`],
      ];
      for (const [method, path] of routes) {
        for (const [body, kind] of [
          ['null', 'null'],
          ['[]', 'an array'],
          ['[{"loginId":"x"}]', 'an array'],
          ['7', 'a number'],
          ['"x"', 'a string'],
          ['true', 'a boolean'],
        ]) {
          const res = await sendText(method, path, body);
          expect([path, body, res.status, res.body.message]).toEqual([path, body, 400, `The body must be a JSON object, not ${kind}`]);
        }
      }
      const adminSettings = await request(t.url)
        .patch('/admin/api/settings')
        .set('Authorization', adminAuth())
        .set('Content-Type', 'application/json')
        .send('null');
      expect([adminSettings.status, adminSettings.body.message]).toEqual([400, 'The body must be a JSON object, not null']);
      expect((await admin.get(`/${T}/api/v1/settings`).expect(200)).body).toEqual(settings);
      expect((await admin.get(`/${T}/api/v1/users/${me.id}`).expect(200)).body).toEqual(user);
    });
  });

  describe('the sign-in form', () => {
    it('checks the Origin of a form whatever the case of its Content-Type', async () => {
      const body = `loginId=writer&password=${encodeURIComponent(USER_PASSWORD)}`;
      for (const type of ['application/x-www-form-urlencoded', 'Application/X-WWW-Form-Urlencoded', 'APPLICATION/X-WWW-FORM-URLENCODED; charset=utf-8']) {
        const cross = await raw(t, 'POST', `/${T}/auth/login`, { 'Content-Type': type, Origin: 'https://evil.example' }, body);
        expect([type, cross.status]).toEqual([type, 403]);
        const same = await raw(t, 'POST', `/${T}/auth/login`, { 'Content-Type': type, Origin: t.url }, body);
        expect([type, same.status]).toEqual([type, 303]);
      }
    });
  });
});
