import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

describe('tmp', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.close());
  it('dumps', async () => {
    const res = await request(t.url).get('/api/docs-json').expect(200);
    require('fs').writeFileSync('/tmp/openapi.json', JSON.stringify(res.body, null, 1));
  });
});
