// Issue 14: internal services generate clients from /api/docs-json, so the document must be
// complete: every operation named, summarised, described (credentials and notable statuses),
// tagged; every error answer typed with the body the server really sends; examples on request
// bodies that the server accepts; integer ids; the tenant parameter explained.
import request from 'supertest';
import { createTenant, signIn, TENANT_ADMIN_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  minimum?: number;
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  additionalProperties?: unknown;
  description?: string;
}
interface MediaType {
  schema?: Schema;
  example?: unknown;
}
interface Parameter {
  name: string;
  in: string;
  description?: string;
  example?: unknown;
  schema?: Schema;
}
interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { description?: string; content: Record<string, MediaType> };
  responses: Record<string, { description?: string; content?: Record<string, MediaType> }>;
}
interface Document {
  info: { description?: string };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { description?: string }>; schemas: Record<string, Schema> };
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const ERROR_SCHEMA = '#/components/schemas/ErrorBody';
const ODATA_ERROR_SCHEMA = '#/components/schemas/ODataErrorBody';

describe('OpenAPI document completeness (issue 14)', () => {
  let t: TestApp;
  let doc: Document;
  let operations: { id: string; path: string; op: Operation }[];

  const schemaOf = (ref: string): Schema => {
    const schema = doc.components.schemas[ref.replace('#/components/schemas/', '')];
    if (!schema) throw new Error(`unresolved ${ref}`);
    return schema;
  };
  const resolve = (schema: Schema): Schema => (schema.$ref ? schemaOf(schema.$ref) : schema.allOf?.length === 1 ? resolve(schema.allOf[0]) : schema);

  /** The example a client or Swagger UI builds from the schema's own examples; lists what has none. */
  const exampleOf = (schema: Schema, where: string, missing: string[]): unknown => {
    if (schema.example !== undefined) return schema.example;
    const resolved = resolve(schema);
    if (resolved !== schema) return exampleOf(resolved, where, missing);
    if (schema.type === 'array' && schema.items) return [exampleOf(schema.items, `${where}[]`, missing)];
    if (schema.properties) return Object.fromEntries(Object.entries(schema.properties).map(([name, p]) => [name, exampleOf(p, `${where}.${name}`, missing)]));
    missing.push(where);
    return undefined;
  };

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await request(t.url).get('/api/docs-json').expect(200)).body;
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => HTTP_METHODS.includes(method))
        .map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, path, op })),
    );
  });
  afterAll(() => t.close());

  it('gives every operation a unique, meaningful operationId, a summary, a description and a documented tag', () => {
    expect(operations.length).toBeGreaterThan(40);
    const problems: string[] = [];
    const tags = new Map((doc.tags ?? []).map((tag) => [tag.name, tag.description]));
    for (const { id, op } of operations) {
      // camelCase verb + noun (createProject), not Nest's default ProjectsController_create.
      if (!/^[a-z]+[A-Z][A-Za-z]+$/.test(op.operationId ?? '')) problems.push(`${id}: operationId ${op.operationId}`);
      if (!/^[A-Z][^.]* [^.]+\.$/.test(op.summary ?? '')) problems.push(`${id}: summary ${JSON.stringify(op.summary)}`);
      if ((op.description ?? '').length < 60) problems.push(`${id}: description ${JSON.stringify(op.description)}`);
      if (!op.tags?.length) problems.push(`${id}: no tag`);
      for (const tag of op.tags ?? []) if (!tags.get(tag)) problems.push(`${id}: tag ${tag} is not declared with a description`);
    }
    expect(problems).toEqual([]);
    const ids = operations.map(({ op }) => op.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ids).toEqual(expect.arrayContaining(['createProject', 'getProject', 'listUsers', 'createMyApiKey', 'getMe', 'createTenant']));
  });

  it('says in each description which credentials work, as the security requirement does', () => {
    const problems: string[] = [];
    for (const { id, op } of operations) {
      const schemes = new Set((op.security ?? []).flatMap((requirement) => Object.keys(requirement)));
      const text = op.description ?? '';
      if (schemes.size === 0 && !/No credentials needed/.test(text)) problems.push(`${id}: public, but the description does not say so`);
      if (schemes.has('session') && !/website session/.test(text)) problems.push(`${id}: takes a session, the description does not say so`);
      if (schemes.has('bearer') !== /Bearer/.test(text))
        problems.push(`${id}: Bearer ${schemes.has('bearer') ? 'accepted but not described' : 'described but not accepted'}`);
      if (schemes.has('basic') && !/Basic/.test(text)) problems.push(`${id}: takes Basic, the description does not say so`);
    }
    expect(problems).toEqual([]);
  });

  it('references the error body schema, with an example, from every 4xx and 5xx response', () => {
    const problems: string[] = [];
    let errorResponses = 0;
    for (const { id, path, op } of operations) {
      const expected = /\/odata(\/|$)/.test(path) ? ODATA_ERROR_SCHEMA : ERROR_SCHEMA;
      for (const [status, response] of Object.entries(op.responses)) {
        if (!/^[45]/.test(status)) continue;
        errorResponses++;
        const media = response.content?.['application/json'];
        if (Object.keys(response.content ?? {}).length !== 1 || media?.schema?.$ref !== expected)
          problems.push(`${id} ${status}: ${JSON.stringify(response.content)}`);
        else if (!media.example) problems.push(`${id} ${status}: no example`);
        else if (expected === ERROR_SCHEMA && (media.example as { statusCode?: number }).statusCode !== Number(status))
          problems.push(`${id} ${status}: example of another status`);
        if (!response.description) problems.push(`${id} ${status}: no description`);
      }
    }
    expect(problems).toEqual([]);
    expect(errorResponses).toBeGreaterThan(150);
  });

  it('describes the error bodies the server really sends, on the Web API and on OData', async () => {
    const fields = (ref: string) => {
      const schema = schemaOf(ref);
      expect(schema.required?.sort()).toEqual(Object.keys(schema.properties ?? {}).sort());
      return Object.keys(schema.properties ?? {}).sort();
    };
    expect(schemaOf(ERROR_SCHEMA).properties?.statusCode).toMatchObject({ type: 'integer' });
    await createTenant(t, 'acme');
    const notFound = await request(t.url).get('/nope/api/v1/tenant-info').expect(404);
    expect(Object.keys(notFound.body).sort()).toEqual(fields(ERROR_SCHEMA));
    const odata = await request(t.url).get('/acme/odata/').expect(401);
    expect(Object.keys(odata.body).sort()).toEqual(fields(ODATA_ERROR_SCHEMA));
    expect(Object.keys(odata.body.error).sort()).toEqual(fields('#/components/schemas/ODataError'));
  });

  it('gives every request body a complete example, and the examples are accepted by the server', async () => {
    const problems: string[] = [];
    const examples = new Map<string, unknown>();
    for (const { id, op } of operations) {
      if (!op.requestBody) continue;
      const media = op.requestBody.content['application/json'];
      if (!media?.schema) {
        problems.push(`${id}: no JSON schema`);
        continue;
      }
      const missing: string[] = [];
      examples.set(op.operationId!, media.example ?? exampleOf(media.schema, 'body', missing));
      problems.push(...missing.map((where) => `${id}: no example for ${where}`));
    }
    expect(problems).toEqual([]);
    expect(examples.size).toBeGreaterThan(10);

    // The examples are real: the server takes the project and its cashflows as documented.
    await createTenant(t, 'examples');
    const admin = await signIn(t, 'examples', 'Administrator', TENANT_ADMIN_PASSWORD);
    const created = await admin.post('/examples/api/v1/projects', examples.get('createProject') as object).expect(201);
    expect(created.body).toMatchObject(examples.get('createProject') as object);
    const cashflows = examples.get('replaceProjectCashflows') as object[];
    const replaced = await admin.put(`/examples/api/v1/projects/${created.body.id}/cashflows`, cashflows).expect(200);
    expect(replaced.body).toEqual(cashflows);
    await admin.post('/examples/api/v1/users', examples.get('createUser') as object).expect(201);
  });

  it('types every id as an integer of at least 1, in paths, queries and bodies', () => {
    const problems: string[] = [];
    const integerId = (schema: Schema | undefined) => !!schema && schema.type === 'integer' && schema.minimum === 1;
    for (const { id, op } of operations) {
      for (const parameter of op.parameters ?? []) {
        if ((parameter.name === 'id' || parameter.name === 'before') && !integerId(parameter.schema)) problems.push(`${id}: parameter ${parameter.name}`);
        // Paging sizes and cursors are integers too (afterId starts at 0: "from the first").
        if (parameter.in === 'query' && parameter.schema?.type === 'number') problems.push(`${id}: query ${parameter.name} is a number`);
      }
    }
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        // An audit target's id is a string by design: a tenant's name for tenant targets.
        if (field === 'id' && name !== 'AuditEventTarget' && !integerId(property)) problems.push(`${name}.id: ${JSON.stringify(property)}`);
        if (field === 'members' && !integerId(property.items)) problems.push(`${name}.members: ${JSON.stringify(property)}`);
        if (field === 'year' && property.type !== 'integer') problems.push(`${name}.year: ${JSON.stringify(property)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents the tenant path parameter with a description and an example that is a valid tenant name', () => {
    const problems: string[] = [];
    for (const { id, path, op } of operations) {
      if (!path.includes('{tenant}')) continue;
      const tenant = op.parameters?.filter((p) => p.in === 'path' && p.name === 'tenant') ?? [];
      if (tenant.length !== 1) problems.push(`${id}: ${tenant.length} tenant parameters`);
      const [parameter] = tenant;
      if (!parameter?.description) problems.push(`${id}: tenant without description`);
      const example = parameter?.example ?? parameter?.schema?.example;
      if (typeof example !== 'string' || !new RegExp((parameter?.schema as { pattern?: string })?.pattern ?? '^$').test(example)) {
        problems.push(`${id}: tenant example ${JSON.stringify(example)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has no description whose angle-bracket placeholders Swagger UI would eat', () => {
    const texts: string[] = [];
    const collect = (value: unknown, key = '') => {
      if (typeof value === 'string' && (key === 'description' || key === 'summary')) texts.push(value);
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collect(v, k);
    };
    collect(doc);
    expect(texts.length).toBeGreaterThan(200);
    // Inside `code spans` Markdown shows the text as is; anywhere else <word> is taken for HTML.
    const eaten = texts.filter((text) => /<[^>\s]+>/.test(text.replace(/`[^`]*`/g, '')));
    expect(eaten).toEqual([]);
    expect(doc.components.securitySchemes.basic.description).toMatch(/KEYNAME:KEY/);
  });
});
