// $metadata is CSDL XML valid against the OASIS edmx.xsd (SPEC 5), checked with xmllint.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';
import { feedTenant, FeedTenant } from './odata-support';

const SCHEMA = path.resolve(__dirname, '../../shared/odata/edmx.xsd');

function requireXmllint(): void {
  const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('xmllint is not installed: this test needs it to validate $metadata (Debian/Ubuntu: apt-get install -y libxml2-utils)');
  }
}

describe('OData feed: $metadata', () => {
  let t: TestApp;
  let acme: FeedTenant;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp();
    acme = await feedTenant(t, 'acme');
    dir = mkdtempSync(path.join(tmpdir(), 'ips-metadata-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('is application/xml and valid against edmx.xsd', async () => {
    requireXmllint();
    const res = await request(t.url).get('/acme/odata/$metadata').set('Authorization', acme.auth).buffer(true).parse((r, cb) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString('utf8')));
      r.on('end', () => cb(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.headers['odata-version']).toBe('4.0');
    const file = path.join(dir, 'metadata.xml');
    writeFileSync(file, res.body as string);
    let output = '';
    try {
      output = execFileSync('xmllint', ['--noout', '--schema', SCHEMA, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string };
      throw new Error(`xmllint rejected $metadata:\n${e.stderr ?? ''}${e.stdout ?? ''}\n--- document ---\n${res.body}`);
    }
    expect(output).toBe('');
  });

  it('describes the planning model: keys, types, facets and the container', async () => {
    const res = await request(t.url).get('/acme/odata/$metadata').set('Authorization', acme.auth).buffer(true).parse((r, cb) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString('utf8')));
      r.on('end', () => cb(null, text));
    });
    const xml = res.body as string;
    expect(xml).toContain('<Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="IPS">');
    expect(xml).toMatch(/<EntityType Name="Project">\s*<Key><PropertyRef Name="Id"\/><\/Key>/);
    expect(xml).toMatch(/<EntityType Name="Cashflow">\s*<Key><PropertyRef Name="ProjectId"\/><PropertyRef Name="Year"\/><\/Key>/);
    expect(xml).toContain('<Property Name="Id" Type="Edm.Int32" Nullable="false"/>');
    expect(xml).toContain('<Property Name="Owner" Type="Edm.String" Nullable="true" MaxLength="200"/>');
    expect(xml).toContain('<Property Name="StartDate" Type="Edm.Date" Nullable="false"/>');
    expect(xml).toContain('<Property Name="Npv" Type="Edm.Decimal" Nullable="false" Precision="18" Scale="2"/>');
    expect(xml).toContain('<Property Name="UpdatedAt" Type="Edm.DateTimeOffset" Nullable="false" Precision="3"/>');
    expect(xml).toContain('<Property Name="NetCashflow" Type="Edm.Decimal" Nullable="false" Precision="18" Scale="2"/>');
    expect(xml).toContain('<EntitySet Name="Projects" EntityType="IPS.Project"/>');
    expect(xml).toContain('<EntitySet Name="Cashflows" EntityType="IPS.Cashflow"/>');
  });
});
