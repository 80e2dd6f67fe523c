import request from 'supertest';
import { DataSource } from 'typeorm';
import { basic, Browser, createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

const project = { name: 'Alpha', region: 'North Sea', status: 'Approved', owner: null, startDate: '2030-01-15', capex: 1234567.89, npv: -12.5 };
const flows = [
  { year: 2031, revenue: 10.5, opex: 1.25, capex: 0, netCashflow: 9.25 },
  { year: 2030, revenue: 0, opex: 0, capex: 100, netCashflow: -100 },
];

describe('planning data Web API', () => {
  let t: TestApp;
  let admin: Browser;
  let reader: Browser;
  let writerKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    await createTenant(t, 'acme');
    await createTenant(t, 'other');
    admin = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    await createUserWithRoles(admin, 'acme', 'reader', ['Data/Read']);
    await createUserWithRoles(admin, 'acme', 'writer', ['Data/Read', 'Data/Write', 'Security/API Key']);
    reader = await signIn(t, 'acme', 'reader', USER_PASSWORD);
    const writer = await signIn(t, 'acme', 'writer', USER_PASSWORD);
    writerKey = (await writer.post('/acme/api/v1/me/api-key').expect(201)).body.key;
  });
  afterAll(() => t.close());

  it('creates, reads, replaces and deletes a project with an API key (Data/Write)', async () => {
    const created = await request(t.url).post('/acme/api/v1/projects').set('Authorization', `Bearer ${writerKey}`).send(project).expect(201);
    expect(created.body).toMatchObject(project);
    expect(typeof created.body.id).toBe('number');
    const id = created.body.id;

    const read = await reader.get(`/acme/api/v1/projects/${id}`).expect(200);
    expect(read.body).toMatchObject({ ...project, capex: 1234567.89 });

    const replaced = await request(t.url)
      .put(`/acme/api/v1/projects/${id}`)
      .set('Authorization', basic('FeedKey', writerKey))
      .send({ ...project, name: 'Alpha 2', owner: 'Zoë' })
      .expect(200);
    expect(replaced.body).toMatchObject({ name: 'Alpha 2', owner: 'Zoë' });

    await request(t.url).delete(`/acme/api/v1/projects/${id}`).set('Authorization', `Bearer ${writerKey}`).expect(204);
    await reader.get(`/acme/api/v1/projects/${id}`).expect(404);
  });

  it('replaces cashflows in one go and returns them by year, decimals as numbers', async () => {
    const { body } = await request(t.url).post('/acme/api/v1/projects').set('Authorization', `Bearer ${writerKey}`).send(project).expect(201);
    const put = await request(t.url).put(`/acme/api/v1/projects/${body.id}/cashflows`).set('Authorization', `Bearer ${writerKey}`).send(flows).expect(200);
    expect(put.body).toEqual([flows[1], flows[0]]);
    const got = await reader.get(`/acme/api/v1/projects/${body.id}/cashflows`).expect(200);
    expect(got.body).toEqual([flows[1], flows[0]]);
  });

  it('keeps the old cashflows when the new set is invalid (nothing lost on failure)', async () => {
    const { body } = await request(t.url).post('/acme/api/v1/projects').set('Authorization', `Bearer ${writerKey}`).send(project).expect(201);
    await request(t.url).put(`/acme/api/v1/projects/${body.id}/cashflows`).set('Authorization', `Bearer ${writerKey}`).send(flows).expect(200);
    const duplicate = await request(t.url)
      .put(`/acme/api/v1/projects/${body.id}/cashflows`)
      .set('Authorization', `Bearer ${writerKey}`)
      .send([flows[0], flows[0]])
      .expect(400);
    expect(duplicate.body.message).toMatch(/year/);
    const bad = await request(t.url)
      .put(`/acme/api/v1/projects/${body.id}/cashflows`)
      .set('Authorization', `Bearer ${writerKey}`)
      .send([{ ...flows[0], revenue: 'lots' }])
      .expect(400);
    expect(bad.body.message).toMatch(/revenue/);
    const rows = await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM cashflow WHERE projectId = ?', [body.id]);
    expect(Number(rows[0].n)).toBe(2);
  });

  it('names the field in 400s for malformed projects', async () => {
    const send = (b: object) => request(t.url).post('/acme/api/v1/projects').set('Authorization', `Bearer ${writerKey}`).send(b);
    expect((await send({ ...project, status: 'Dreaming' }).expect(400)).body.message).toMatch(/status/);
    expect((await send({ ...project, startDate: '2030-13-01' }).expect(400)).body.message).toMatch(/startDate/);
    expect((await send({ ...project, capex: '12' }).expect(400)).body.message).toMatch(/capex/);
    expect((await send({ ...project, id: 5 }).expect(400)).body.message).toMatch(/id/);
    await request(t.url).get('/acme/api/v1/projects/abc').set('Authorization', `Bearer ${writerKey}`).expect(400);
  });

  it('needs Data/Read to read and Data/Write to change', async () => {
    await reader.get('/acme/api/v1/projects').expect(200);
    const refused = await reader.post('/acme/api/v1/projects', project).expect(403);
    expect(refused.body.message).toMatch(/Data\/Write/);
  });

  it('keeps tenants apart', async () => {
    const { body } = await request(t.url).post('/acme/api/v1/projects').set('Authorization', `Bearer ${writerKey}`).send(project).expect(201);
    await request(t.url).get(`/other/api/v1/projects/${body.id}`).set('Authorization', `Bearer ${writerKey}`).expect(401);
    const otherAdmin = await signIn(t, 'other', 'Administrator', TENANT_ADMIN_PASSWORD);
    await otherAdmin.get(`/other/api/v1/projects/${body.id}`).expect(404);
    expect((await otherAdmin.get('/other/api/v1/projects').expect(200)).body).toEqual([]);
  });
});
