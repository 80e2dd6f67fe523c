// SPEC 2/5/9: the OpenAPI document is public and says what the server enforces: which
// credentials each operation takes, and the errors it can answer.
import request from 'supertest';
import { basic, createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

interface Schema {
  $ref?: string;
  type?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}
interface Operation {
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }>;
    schemas: Record<string, Schema>;
  };
}

const PUBLIC_OPERATIONS = new Set([
  'GET /health',
  'GET /health/live',
  'GET /{tenant}/api/v1/tenant-info',
  'POST /{tenant}/auth/login',
  'POST /{tenant}/auth/logout',
  // SAML2 sign-in is public by nature (redirect to the IdP, assertion consumer, SP metadata).
  'GET /{tenant}/auth/saml/login',
  'POST /{tenant}/auth/saml/acs',
  'GET /{tenant}/auth/saml/metadata',
]);
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Document;
  let operations: { id: string; path: string; op: Operation }[];

  beforeAll(async () => {
    t = await startTestApp();
    const res = await request(t.url).get('/api/docs-json').expect(200);
    doc = res.body;
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => HTTP_METHODS.includes(method))
        .map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, path, op })),
    );
  });
  afterAll(() => t.close());

  it('is public, as is the Swagger UI', async () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(operations.length).toBeGreaterThan(20);
    const ui = await request(t.url).get('/api/docs').redirects(1);
    expect(ui.status).toBe(200);
    expect(ui.text).toMatch(/swagger/i);
  });

  it('declares the session, bearer and basic security schemes', () => {
    const schemes = doc.components.securitySchemes;
    expect(schemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'ips_session' });
    expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.basic).toMatchObject({ type: 'http', scheme: 'basic' });
  });

  it('gives every operation a security requirement, except the known public ones', () => {
    const unsecured = operations.filter(({ op }) => !op.security?.length).map(({ id }) => id);
    expect(unsecured.filter((id) => !PUBLIC_OPERATIONS.has(id))).toEqual([]);
    for (const { id, op } of operations) {
      if (PUBLIC_OPERATIONS.has(id)) expect({ id, security: op.security ?? [] }).toEqual({ id, security: [] });
      for (const requirement of op.security ?? []) {
        for (const name of Object.keys(requirement)) expect({ id, name, known: name in doc.components.securitySchemes }).toEqual({ id, name, known: true });
      }
    }
  });

  it('documents 401 and 403 on every secured tenant operation, and 401 on IPS administration', () => {
    const missing: string[] = [];
    for (const { id, path, op } of operations) {
      if (!op.security?.length) continue;
      // /admin/api has one credential, the IPS Administrator's: it is either right (200) or not (401).
      const expected = path.startsWith('/admin/api/') ? ['401', '429'] : ['401', '403', '429'];
      for (const status of expected) if (!(status in op.responses)) missing.push(`${id} ${status}`);
    }
    expect(missing).toEqual([]);
  });

  it('documents 400 for request bodies and {id} parameters, and 404 for {id} and {name}', () => {
    const missing: string[] = [];
    for (const { id, path, op } of operations) {
      if ((op.requestBody || path.includes('{id}')) && !('400' in op.responses)) missing.push(`${id} 400`);
      if ((path.includes('{id}') || path.includes('{name}')) && !('404' in op.responses)) missing.push(`${id} 404`);
    }
    expect(missing).toEqual([]);
  });

  it('declares every path template parameter (e.g. {tenant}) on every operation', () => {
    const missing: string[] = [];
    for (const { id, path, op } of operations) {
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        if (!op.parameters?.some((p) => p.in === 'path' && p.name === name)) missing.push(`${id} {${name}}`);
      }
      const declared = (op.parameters ?? []).map((p) => `${p.in}:${p.name}`);
      if (new Set(declared).size !== declared.length) missing.push(`${id} declares a parameter twice: ${declared.join(', ')}`);
    }
    expect(missing).toEqual([]);
  });

  it('says what the guard enforces: API-key routes list bearer and basic, session-only routes only the session, OData only Basic', async () => {
    const security = (id: string) => (operations.find((o) => o.id === id)?.op.security ?? []).flatMap((r) => Object.keys(r)).sort();
    expect(security('GET /{tenant}/api/v1/me')).toEqual(['basic', 'bearer', 'session']);
    expect(security('POST /{tenant}/api/v1/me/api-key')).toEqual(['session']);
    expect(security('GET /{tenant}/api/v1/users')).toEqual(['session']);
    expect(security('GET /{tenant}/odata')).toEqual(['basic']);
    expect(security('GET /admin/api/settings')).toEqual(['basic']);

    // ...and the server behaves so: on OData a key goes in Basic, a Bearer token is not read.
    await createTenant(t, 'acme');
    const admin = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    await createUserWithRoles(admin, 'acme', 'feeder', ['Security/API Key', 'Data/Read']);
    const user = await signIn(t, 'acme', 'feeder', USER_PASSWORD);
    const { key } = (await user.post('/acme/api/v1/me/api-key').expect(201)).body;
    await request(t.url).get('/acme/odata/').set('Authorization', basic('FeedKey', key)).expect(200);
    await request(t.url).get('/acme/odata/').set('Authorization', `Bearer ${key}`).expect(401);
    await request(t.url).get('/acme/api/v1/me').set('Authorization', `Bearer ${key}`).expect(200);
  });

  // Automation clients generate code from this document: a bare {type:'object'} gives them nothing.
  it('gives every 200/201 response content, and JSON a schema with properties (a $ref, or an array of $ref), except OData', () => {
    const isDescribed = (schema?: Schema): boolean => !!schema && (!!schema.$ref || !!schema.properties || (schema.type === 'array' && !!schema.items?.$ref));
    const untyped: string[] = [];
    for (const { id, path, op } of operations) {
      if (path.includes('/odata')) continue;
      for (const status of ['200', '201']) {
        const response = op.responses[status];
        if (!response) continue;
        // A success with a body says what the body is (XML, e.g. SAML metadata, names its own type).
        if (!response.content) untyped.push(`${id} ${status} has no content`);
        else if (response.content['application/json'] && !isDescribed(response.content['application/json'].schema)) untyped.push(`${id} ${status}`);
      }
    }
    expect(untyped).toEqual([]);
  });

  it('describes nested objects of JSON responses too (no bare {type: object} property)', () => {
    const bare = (schema: Schema & { allOf?: Schema[]; additionalProperties?: unknown }) =>
      schema.type === 'object' && !schema.properties && !schema.allOf && !schema.additionalProperties;
    const seen = new Set<string>();
    const untyped: string[] = [];
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      for (const [field, property] of Object.entries(doc.components.schemas[name]?.properties ?? {})) {
        const p = property as Schema & { allOf?: Schema[] };
        if (bare(p) || (p.type === 'array' && p.items && bare(p.items))) untyped.push(`${name}.${field}`);
        for (const ref of [p.$ref, p.items?.$ref, ...(p.allOf ?? []).map((s) => s.$ref)]) {
          if (ref) visit(ref.replace('#/components/schemas/', ''));
        }
      }
    };
    for (const { path, op } of operations) {
      if (path.includes('/odata')) continue;
      for (const status of ['200', '201']) {
        const schema = op.responses[status]?.content?.['application/json']?.schema;
        const ref = schema?.$ref ?? schema?.items?.$ref;
        if (ref) visit(ref.replace('#/components/schemas/', ''));
      }
    }
    expect(seen.size).toBeGreaterThan(10);
    expect(untyped).toEqual([]);
  });

  it('describes the user and the newly issued API key field by field', () => {
    const resolve = (schema?: Schema): Schema => {
      const ref = schema?.$ref ?? (schema?.type === 'array' ? schema.items?.$ref : undefined);
      expect(ref).toBeDefined();
      const resolved = doc.components.schemas[ref!.replace('#/components/schemas/', '')];
      expect(resolved).toBeDefined();
      return resolved;
    };
    const jsonSchema = (id: string, status: string) => operations.find((o) => o.id === id)?.op.responses[status]?.content?.['application/json']?.schema;

    const user = resolve(jsonSchema('GET /{tenant}/api/v1/users/{id}', '200'));
    expect(Object.keys(user.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'loginId', 'type', 'displayName', 'locked', 'deactivated', 'apiAccess', 'workgroups', 'apiKey']),
    );
    expect(resolve(jsonSchema('GET /{tenant}/api/v1/users', '200'))).toBe(user);

    const issued = resolve(jsonSchema('POST /{tenant}/api/v1/me/api-key', '201'));
    expect(Object.keys(issued.properties ?? {})).toEqual(expect.arrayContaining(['key', 'createdAt', 'expiresAt', 'hint']));
  });
});
