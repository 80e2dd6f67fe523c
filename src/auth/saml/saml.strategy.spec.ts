// The Nest wiring: PassportStrategy appends its own callback (the one that calls validate)
// after the arguments given to super(); it must land where MultiSamlStrategy calls the
// sign-on verify, or validate (and with it our ACS pipeline) would never run.
import type { Profile } from '@node-saml/node-saml';
import passport from 'passport';
import { AppConfig } from '../../core/config/app-config';
import { SamlReplayStore } from './saml-replay-store.service';
import { SamlStrategy } from './saml.strategy';

const config = { publicUrl: new URL('https://ips.example.com') } as AppConfig;
const store = { cacheProviderFor: () => ({}) } as unknown as SamlReplayStore;

describe('SamlStrategy wiring', () => {
  const strategy = new SamlStrategy(config, store);
  const internals = strategy as unknown as { _signonVerify: (...args: unknown[]) => void; _logoutVerify: unknown; _passReqToCallback: boolean; name: string };

  it('registers as ips-saml with the request passed to the callback', () => {
    expect(internals.name).toBe('ips-saml');
    expect(internals._passReqToCallback).toBe(true);
    expect((passport as unknown as { _strategy(name: string): unknown })._strategy('ips-saml')).toBe(strategy);
  });

  it('runs validate as the sign-on callback, and has no logout callback', async () => {
    const profile = {
      issuer: 'https://idp/e',
      nameID: 'a@b.example',
      nameIDFormat: 'x',
      attributes: { displayName: 'A B' },
      getAssertionXml: () => '<Assertion/>',
      getAssertion: () => ({ Assertion: { $: { ID: '_id' }, Conditions: [{ $: { NotOnOrAfter: '2030-01-01T00:00:00Z' } }] } }),
    } as unknown as Profile;
    const result = await new Promise<unknown[]>((resolve) => internals._signonVerify({}, profile, (...args: unknown[]) => resolve(args)));
    expect(result).toEqual([
      null,
      {
        issuer: 'https://idp/e',
        nameId: 'a@b.example',
        assertionXml: '<Assertion/>',
        assertionId: '_id',
        notOnOrAfter: new Date('2030-01-01T00:00:00Z'),
        displayName: 'A B',
      },
    ]);
    expect(internals._logoutVerify).toBeUndefined();
  });

  it('turns a missing profile into an error, never a user', async () => {
    const [error, user] = await new Promise<unknown[]>((resolve) => internals._signonVerify({}, null, (...args: unknown[]) => resolve(args)));
    expect(error).toBeInstanceOf(Error);
    expect(user).toBeNull();
  });
});
