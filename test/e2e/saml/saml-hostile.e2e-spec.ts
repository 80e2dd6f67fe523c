// Issue 10 at the assertion consumer: what an attacker can post there without any signature.
// The ACS is public and parses XML, so each of these must be a quick refusal (401 with the
// refusal page, 400 or 413), never a 500, never an entity expanded or a file read, and never
// a stall of the event loop.
import request from 'supertest';
import { acsPost, postToAcs, startSso, TestIdp, REFUSAL_TESTS_ENV } from '../../support/saml-idp';
import { createSamlTenant, createSamlUser, DOMAIN, goodResponse, PUBLIC_URL, ssoSignIn } from '../../support/saml-setup';
import { startTestApp, TestApp } from '../../support/test-app';

const A = 'acme';
const USER = `user@${DOMAIN}`;

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

describe('SAML assertion consumer under hostile posts', () => {
  let t: TestApp;
  let idp: TestIdp;

  beforeAll(async () => {
    idp = new TestIdp();
    t = await startTestApp({ PUBLIC_URL, ...REFUSAL_TESTS_ENV });
    const admin = await createSamlTenant(t, idp, A);
    await createSamlUser(admin, A, USER, ['Data/Read']);
  });
  afterAll(async () => {
    await t.close();
    idp.close();
  });

  /** The answer is a refusal a user understands, and the server stays responsive. */
  async function expectQuickRefusal(label: string, send: () => request.Test | Promise<request.Response>) {
    // A liveness probe sent while the post is handled is answered too.
    const live = new Promise<number>((resolve) =>
      setTimeout(
        () =>
          void request(t.url)
            .get('/health/live')
            .then((r) => resolve(r.status)),
        5,
      ),
    );
    const res = await send();
    expect([label, res.status >= 400 && res.status < 500]).toEqual([label, true]);
    expect([label, res.headers['set-cookie'] ?? []]).toEqual([label, []]);
    expect([label, await live]).toEqual([label, 200]);
    return res;
  }

  it('still signs in with a correct response (the control)', async () => {
    expect((await ssoSignIn(t, idp, A, USER)).status).toBe(303);
  });

  it.each([
    ['no SAMLResponse', ''],
    ['an empty SAMLResponse', 'SAMLResponse='],
    ['SAMLResponse that is not base64', 'SAMLResponse=%21%21%21not-base64%21%21'],
    ['base64 of text that is not XML', `SAMLResponse=${encodeURIComponent(b64('hello'))}`],
    ['base64 of bytes that are not UTF-8', `SAMLResponse=${encodeURIComponent(b64(Buffer.from([0xff, 0xfe, 0x3c, 0x00, 0xe9])))}`],
    ['SAMLResponse twice', `SAMLResponse=${encodeURIComponent(b64('<a/>'))}&SAMLResponse=${encodeURIComponent(b64('<b/>'))}`],
    ['RelayState twice', `SAMLResponse=${encodeURIComponent(b64('<a/>'))}&RelayState=/a&RelayState=/b`],
    ['an XML element without namespace', `SAMLResponse=${encodeURIComponent(b64('<Response/>'))}`],
    ['unclosed XML', `SAMLResponse=${encodeURIComponent(b64('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"'))}`],
  ])('refuses %s with a 4xx, not a 500', async (label, form) => {
    await expectQuickRefusal(label, () => acsPost(t, A).send(form));
  });

  it('refuses a response with a DOCTYPE: no entity is expanded (billion laughs) and no file is read (XXE)', async () => {
    const { id } = await startSso(t, A);
    const signed = idp.signedResponse(goodResponse(A, id, USER));
    const laughs =
      '<!DOCTYPE r [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">' +
      '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">' +
      '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>';
    const xxe = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>';
    const cases: [string, string][] = [
      ['billion laughs before a signed response', laughs + signed.replace(/^<\?xml[^>]*\?>/, '')],
      ['billion laughs in a bare document', `${laughs}<r>&h;</r>`],
      ['an external entity in the NameID', xxe + signed.replace(/^<\?xml[^>]*\?>/, '').replace(USER, '&x;')],
    ];
    for (const [label, xml] of cases) {
      const res = await expectQuickRefusal(label, () => postToAcs(t, A, xml));
      expect(res.text).not.toMatch(/root:|lollollol/);
    }
  });

  it('refuses deeply nested XML and a response over the body limit without a 500', async () => {
    const deep = '<a>'.repeat(50_000) + '</a>'.repeat(50_000);
    await expectQuickRefusal('50,000 levels', () => postToAcs(t, A, deep));
    const huge = `<r>${'x'.repeat(2 * 1024 * 1024)}</r>`;
    const res = await expectQuickRefusal('2 MiB', () => postToAcs(t, A, huge));
    expect(res.status).toBe(413);
  });
});
