// TRUST_PROXY entries in any spelling and as CIDR ranges (issue 12's nginx runs on loopback):
// the proxy's X-Forwarded-Host is believed when the socket peer (127.0.0.1 here) matches an
// entry after normalisation, and a server given an entry it cannot read does not start.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { basic, createTenant, TENANT_ADMIN_PASSWORD } from '../../support/api';
import { startTestApp, TestApp } from '../../support/test-app';

const ROOT = join(__dirname, '..', '..', '..');
const proxied = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'ips.example.com', 'X-Forwarded-For': '203.0.113.7' };

async function contextUrlThroughProxy(trustProxy: string): Promise<string> {
  const t: TestApp = await startTestApp({ TRUST_PROXY: trustProxy });
  try {
    await createTenant(t, 'acme');
    const res = await request(t.url)
      .get('/acme/odata/')
      .set({ ...proxied, Authorization: basic('Administrator', TENANT_ADMIN_PASSWORD) })
      .expect(200);
    return res.body['@odata.context'] as string;
  } finally {
    await t.close();
  }
}

describe('TRUST_PROXY entries are normalised like client addresses', () => {
  it.each([[' ::ffff:127.0.0.1 '], ['0:0:0:0:0:ffff:7f00:1'], ['10.0.0.0/8, 127.0.0.0/8'], ['::ffff:127.0.0.0/104']])(
    'believes the proxy at 127.0.0.1 listed as %j',
    async (entry) => {
      expect(await contextUrlThroughProxy(entry)).toBe('https://ips.example.com/acme/odata/$metadata');
    },
  );

  it('ignores the headers when no entry covers the peer', async () => {
    expect(await contextUrlThroughProxy('10.0.0.0/8, 0:0:0:0:0:0:0:1')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/acme\/odata\/\$metadata$/);
  });

  it('refuses to start with an entry it cannot read, naming TRUST_PROXY', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ips-trust-proxy-'));
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', TRUST_PROXY: '127.0.0.1, 10.0.0.1/8', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
    expect(code).not.toBe(0);
    expect(output).toContain('Invalid configuration: TRUST_PROXY');
    expect(output).toContain('"10.0.0.1/8" has bits set after its prefix');
    expect(output).not.toMatch(/listening on/);
  });
});
