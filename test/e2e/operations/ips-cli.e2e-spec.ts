// npm run ips: the IPS Administrator's commands against the database a running server uses
// (SQLite, or MariaDB with TEST_DB=mysql); the server sees every change.
import { readFileSync, statSync } from 'node:fs';
import request from 'supertest';
import { runIps } from '../../../src/cli/ips-cli';
import { oneTimePasswordsFile } from '../../../src/core/console/one-time-passwords';
import { basic, signIn } from '../../support/api';
import { ADMIN_PASSWORD, startTestApp, TEST_SECRET, TestApp } from '../../support/test-app';

describe('npm run ips', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function ips(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const env = { DATABASE_URL: t.db.url, DATA_DIR: t.db.dataDir, IPS_SECRET: TEST_SECRET, IPS_DEMO: 'false' };
    const code = await runIps(argv, { out: { write: (s: string) => out.push(s) }, err: { write: (s: string) => err.push(s) }, env });
    return { code, out: out.join(''), err: err.join('') };
  }

  it('has --help on every command and a clear error for unknown ones', async () => {
    const overview = await ips('--help');
    expect(overview.code).toBe(0);
    for (const command of [
      'tenant list',
      'tenant create',
      'tenant delete',
      'administrator reset',
      'admin-password reset',
      'settings get',
      'settings set',
      'secret rotate',
    ]) {
      expect(overview.out).toContain(command);
      const help = await ips(...command.split(' '), '--help');
      expect(help).toMatchObject({ code: 0 });
      expect(help.out).toMatch(new RegExp(`^Usage: npm run ips -- ${command}`));
    }
    expect((await ips('tenant', '--help')).out).toContain('tenant delete NAME --yes');
    expect(await ips('tenant', 'rename')).toMatchObject({ code: 2, err: expect.stringContaining('Unknown command "tenant rename"') });
    expect(await ips('tenant', 'list', '--force')).toMatchObject({ code: 2, err: expect.stringContaining('unknown option --force') });
  });

  it('creates a tenant with a one-time password kept in a private file, lists and deletes it', async () => {
    const created = await ips('tenant', 'create', 'acme');
    expect(created).toMatchObject({ code: 0 });
    expect(created.out).toContain('Tenant acme created');
    const file = oneTimePasswordsFile(t.db.dataDir);
    expect(created.out).toContain(`written to ${file}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('acme\tAdministrator\t'));
    const password = line!.split('\t')[2];
    expect(created.out).not.toContain(password); // stdout here is not a terminal
    // The server sees the tenant at once; the generated password must be changed first.
    const me = await (await signIn(t, 'acme', 'Administrator', password)).get('/acme/api/v1/me').expect(200);
    expect(me.body).toMatchObject({ mustChangePassword: true });

    expect(await ips('tenant', 'create', 'ACME', '--password', 'long-enough-password')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/already exists/),
    });
    expect(await ips('tenant', 'create', 'api', '--password', 'short')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/reserved.*at least 12 characters/),
    });
    expect((await ips('tenant', 'list')).out).toMatch(/^acme\t\d{4}-\d\d-\d\dT/m);

    expect(await ips('tenant', 'delete', 'acme')).toMatchObject({ code: 2, err: expect.stringContaining('needs --yes') });
    expect(await ips('tenant', 'delete', 'acme', '--yes')).toMatchObject({ code: 0, out: 'Tenant acme deleted\n' });
    expect(await ips('tenant', 'delete', 'acme', '--yes')).toMatchObject({ code: 1, err: expect.stringMatching(/not found/i) });
    // The CLI is another process: this server sees the deletion within a second (SPEC 3).
    let status = 0;
    for (const until = Date.now() + 1500; Date.now() < until && status !== 404; await new Promise((r) => setTimeout(r, 100))) {
      status = (await request(t.url).get('/acme/api/v1/me')).status;
    }
    expect(status).toBe(404);
  });

  it('recovers a locked-out tenant Administrator and a lost IPS Administrator password', async () => {
    expect((await ips('tenant', 'create', 'beta', '--password', 'first-password-123')).code).toBe(0);
    const reset = await ips('administrator', 'reset', 'beta', '--password', 'second-password-123');
    expect(reset).toMatchObject({ code: 0 });
    expect(reset.out).toMatch(/Administrator reset, unlocked/);
    // A password the operator chose is theirs to keep.
    const chosen = await (await signIn(t, 'beta', 'Administrator', 'second-password-123')).get('/beta/api/v1/me').expect(200);
    expect(chosen.body).toMatchObject({ mustChangePassword: false });
    expect(await ips('administrator', 'reset', 'nope')).toMatchObject({ code: 1 });

    // A generated one is a one-time password: it must be changed at first sign-in.
    expect(await ips('administrator', 'reset', 'beta')).toMatchObject({ code: 0 });
    const generated = readFileSync(oneTimePasswordsFile(t.db.dataDir), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('beta\tAdministrator\t'))!
      .split('\t')[2];
    const me = await (await signIn(t, 'beta', 'Administrator', generated)).get('/beta/api/v1/me').expect(200);
    expect(me.body).toMatchObject({ mustChangePassword: true });

    expect(await ips('admin-password', 'reset', '--password', 'new-ips-admin-password')).toMatchObject({ code: 0 });
    await request(t.url).get('/admin/api/settings').set('Authorization', basic('admin', 'new-ips-admin-password')).expect(200);
    await request(t.url).get('/admin/api/settings').set('Authorization', basic('admin', ADMIN_PASSWORD)).expect(401);
  });

  it('reads and changes the server settings with the API validation', async () => {
    expect(JSON.parse((await ips('settings', 'get')).out)).toEqual({ allowedApiKeyNames: ['FeedKey', 'Account Key'], apiKeyLifetimeDays: null });
    const set = await ips('settings', 'set', 'allowedApiKeyNames', 'FeedKey,PowerBI');
    expect(set.code).toBe(0);
    expect(JSON.parse(set.out)).toMatchObject({ allowedApiKeyNames: ['FeedKey', 'PowerBI'] });
    expect(JSON.parse((await ips('settings', 'set', 'apiKeyLifetimeDays', '30')).out)).toMatchObject({ apiKeyLifetimeDays: 30 });
    expect(await ips('settings', 'set', 'apiKeyLifetimeDays', '400')).toMatchObject({ code: 2, err: expect.stringContaining('at most 366') });
    expect(await ips('settings', 'set', 'allowedApiKeyNames', 'a:b')).toMatchObject({ code: 2, err: expect.stringContaining('no colon') });
    expect(await ips('settings', 'set', 'colour', 'blue')).toMatchObject({ code: 2, err: expect.stringContaining('unknown setting colour') });
    expect((await ips('settings', 'set', 'apiKeyLifetimeDays', 'null')).code).toBe(0);
  });
});
