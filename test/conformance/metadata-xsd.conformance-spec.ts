// $metadata is CSDL XML valid against the OASIS edmx.xsd (SPEC 5), checked with libxml2's
// schema validator (xmllint compiled to WebAssembly, so no system package is needed).
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { startTestApp, TestApp } from '../support/test-app';
import { destroyAgent, feedTenant, FeedTenant, rawGet } from '../support/odata-support';
import { conformanceFile } from '../support/conformance';

const schemaFile = (name: string) => ({ fileName: name, contents: readFileSync(conformanceFile(name), 'utf8') });

describe('OData feed: $metadata against the OASIS schema', () => {
  let t: TestApp;
  let acme: FeedTenant;

  beforeAll(async () => {
    t = await startTestApp();
    acme = await feedTenant(t, 'acme');
  });
  afterAll(async () => {
    destroyAgent();
    await t.close();
  });

  it('is application/xml and valid against edmx.xsd', async () => {
    const res = await rawGet(`${t.url}/acme/odata/$metadata`, { Authorization: acme.auth });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.headers['odata-version']).toBe('4.0');
    // edmx.xsd imports edm.xsd by relative location: preloaded under that name.
    const result = await validateXML({
      xml: [{ fileName: 'metadata.xml', contents: res.text }],
      schema: [schemaFile('edmx.xsd')],
      preload: [schemaFile('edm.xsd')],
    });
    if (!result.valid) throw new Error(`$metadata is not valid against edmx.xsd:\n${result.rawOutput}\n--- document ---\n${res.text}`);
    expect(result.errors).toEqual([]);
  });
});
