// Issue 14: what an internal service does with /api/docs-json. openapi-typescript generates the
// types (with the lint rules of redocly.yaml, and no warning allowed), a small script typed by
// them calls the running server through openapi-fetch with an API key: it creates a project and
// reads it back. Both packages are ESM-only, so they run in child processes, not under Jest.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { createTenant, createUserWithRoles, signIn, TENANT_ADMIN_PASSWORD, USER_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../..');
const node = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, timeout: 240_000 });

/** The client an internal service would write: typed by the generated `paths`, authenticated by an API key only. */
const CLIENT_SCRIPT = `
import createClient from 'openapi-fetch';
import type { components, paths } from './schema.js';

type ProjectInput = components['schemas']['ProjectDto'];

const client = createClient<paths>({ baseUrl: process.env.BASE_URL, headers: { Authorization: 'Bearer ' + process.env.API_KEY } });
const tenant = process.env.TENANT!;
const input: ProjectInput = JSON.parse(process.env.PROJECT!);

const created = await client.POST('/{tenant}/api/v1/projects', { params: { path: { tenant } }, body: input });
if (!created.data) throw new Error('create failed: ' + created.response.status + ' ' + JSON.stringify(created.error));
const id: number = created.data.id;
const read = await client.GET('/{tenant}/api/v1/projects/{id}', { params: { path: { tenant, id } } });
const missing = await client.GET('/{tenant}/api/v1/projects/{id}', { params: { path: { tenant, id: id + 1000 } } });
// The error is typed as the documented error body.
const missingMessage: string | undefined = missing.error?.message;

console.log(JSON.stringify({
  createdStatus: created.response.status,
  created: created.data,
  readStatus: read.response.status,
  read: read.data,
  missingStatus: missing.response.status,
  missingError: missing.error,
  missingMessage,
}));

// Never called: proves the generated types bite (a wrong body does not type-check).
export function misuse(): void {
  // @ts-expect-error name must be a string, and required fields are missing
  void client.POST('/{tenant}/api/v1/projects', { params: { path: { tenant } }, body: { name: 1 } });
  // @ts-expect-error no such operation
  void client.GET('/{tenant}/api/v1/nonexistent', { params: { path: { tenant } } });
}
`;

describe('a client generated from the OpenAPI document (openapi-typescript + openapi-fetch)', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'ips-openapi-client-'));
    // The script resolves openapi-fetch, TypeScript's lib and @types/node from the repository's packages.
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('generates without a warning, type-checks, and creates and reads back a project with an API key', async () => {
    const document = (await request(t.url).get('/api/docs-json').expect(200)).text;
    writeFileSync(join(dir, 'openapi.json'), document);

    const generated = await node([
      'node_modules/openapi-typescript/bin/cli.js',
      join(dir, 'openapi.json'),
      '--redocly',
      join(ROOT, 'test/e2e/openapi/redocly.yaml'),
      '--output',
      // .ts rather than .d.ts: type-checked like the script, while skipLibCheck skips node_modules.
      join(dir, 'schema.ts'),
    ]);
    expect(generated.stderr).toBe('');

    writeFileSync(join(dir, 'client.mts'), CLIENT_SCRIPT);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          types: ['node'],
          skipLibCheck: true,
          outDir: 'out',
        },
        files: ['client.mts'],
      }),
    );
    // tsc reports type errors on stdout and exits non-zero (execFile then rejects with them).
    const compiled = await node(['node_modules/typescript/bin/tsc', '-p', join(dir, 'tsconfig.json')]).catch((error: { stdout: string }) => {
      throw new Error(`the client does not type-check against the generated types:\n${error.stdout}`);
    });
    expect(compiled.stdout).toBe('');

    // The server side: a tenant, a user holding the roles, and that user's API key (generated in a session, as SPEC 4 wants).
    await createTenant(t, 'acme');
    const admin = await signIn(t, 'acme', 'Administrator', TENANT_ADMIN_PASSWORD);
    await createUserWithRoles(admin, 'acme', 'loader', ['Security/API Key', 'Data/Read', 'Data/Write']);
    const user = await signIn(t, 'acme', 'loader', USER_PASSWORD);
    const { key } = (await user.post('/acme/api/v1/me/api-key').expect(201)).body;

    const sent = {
      name: 'Generated client field',
      region: 'Europe',
      status: 'Approved',
      owner: 'Service account',
      startDate: '2031-07-01',
      capex: 1234567.89,
      npv: -42.5,
    };
    const output = await node([join(dir, 'out/client.mjs')], { BASE_URL: t.url, API_KEY: key, TENANT: 'acme', PROJECT: JSON.stringify(sent) });
    expect(output.stderr).toBe('');
    const result = JSON.parse(output.stdout);
    expect(result.createdStatus).toBe(201);
    expect(result.created).toMatchObject(sent);
    expect(result.created.id).toEqual(expect.any(Number));
    expect(result.readStatus).toBe(200);
    expect(result.read).toEqual(result.created);
    expect(result.missingStatus).toBe(404);
    expect(result.missingError).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
    expect(result.missingMessage).toBe(result.missingError.message);

    // And it is really there, for any other client.
    const stored = await user.get(`/acme/api/v1/projects/${result.created.id}`).expect(200);
    expect(stored.body).toEqual(result.created);
  }, 300_000);
});
