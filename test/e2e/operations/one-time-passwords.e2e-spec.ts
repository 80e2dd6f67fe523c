// The server process as operators run it, with stdout piped (as under journald or a container
// runtime): the one-time passwords go to the private file only, never into the output.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOneTimePasswords } from '../../../src/core/console/one-time-passwords';

const ROOT = join(__dirname, '..', '..', '..');

function startServer(dataDir: string): { child: ChildProcess; output: () => string; listening: Promise<string> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'debug', LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listening = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${text}`)));
  });
  return { child, output: () => text, listening };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

describe('one-time passwords at first start', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'ips-otp-')), 'data');
  afterAll(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  it('are written to a 0600 file in the 0700 data folder and never to the output, and pruned once changed', async () => {
    const first = startServer(dataDir);
    const base = await first.listening;
    const entries = readOneTimePasswords(dataDir);
    expect(entries.map((e) => `${e.tenant ?? '-'}/${e.loginId}`).sort()).toEqual(['-/admin', 'demo/Administrator', 'demo/analyst', 'demo/engineer']);
    expect(statSync(join(dataDir, 'one-time-passwords.txt')).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'ips.sqlite')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'ips-secret')).mode & 0o777).toBe(0o600);

    // The analyst changes the generated password.
    const analyst = entries.find((e) => e.loginId === 'analyst')!;
    const login = await fetch(`${base}/demo/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ loginId: 'analyst', password: analyst.password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const change = await fetch(`${base}/demo/api/v1/me/password`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: base },
      body: JSON.stringify({ currentPassword: analyst.password, newPassword: 'my-new-password-123' }),
    });
    expect(change.status).toBeLessThan(300);
    const health = (await (await fetch(`${base}/health`)).json()) as { version: string };
    expect(health.version).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    await stop(first.child);

    const output = first.output();
    expect(output).toContain('Demo tenant created');
    expect(output).toContain('one-time password(s) written to');
    expect(output).toMatch(/"msg":"IPS server stopped"/);
    for (const entry of entries) expect(output).not.toContain(entry.password);
    // Every structured line is JSON; the request log carries a request id.
    const records = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.find((r) => r.context === 'Http' && r.url === '/demo/auth/login')).toMatchObject({ level: 'info', reqId: expect.any(String) });
    expect(records.find((r) => r.context === 'Http' && r.url === '/health')).toMatchObject({ level: 'debug' });

    // Next start: the changed password's entry is gone, the others stay.
    const second = startServer(dataDir);
    await second.listening;
    await stop(second.child);
    expect(second.output()).not.toContain('Demo tenant created');
    expect(
      readOneTimePasswords(dataDir)
        .map((e) => e.loginId)
        .sort(),
    ).toEqual(['Administrator', 'admin', 'engineer']);
  }, 240_000); // two starts of the server from source: slow on a busy machine
});
