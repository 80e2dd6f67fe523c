import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Profile } from '@node-saml/node-saml';
import { MultiSamlStrategy, MultiStrategyConfig, VerifyWithRequest } from '@node-saml/passport-saml';
import { APP_CONFIG, AppConfig } from '../../core/config/app-config';
import { Tenant } from '../../tenants/tenant.entity';
import { displayNameAttribute, VerifiedAssertion } from './acs-pipeline';
import { samlOptionsFor } from './saml-options';
import { SamlReplayStore } from './saml-replay-store.service';
import { SamlRejection } from './saml.errors';

/**
 * The request node-saml sees: built by SamlSignOnService from what it chose to pass (the
 * tenant resolved from the URL, the form fields), never the raw HTTP request, so nothing
 * such as the Host header can reach the SAML options.
 */
export interface SamlStrategyRequest {
  samlTenant: Tenant;
  query: Record<string, string>;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  url: string;
}

type AssertionNode = { $?: Record<string, string>; Conditions?: { $?: Record<string, string> }[] };

/**
 * One MultiSamlStrategy for every tenant: options per request from the tenant's settings.
 * Only shapes the verified assertion (STYLE 7); the ACS pipeline decides.
 *
 * Nest's PassportStrategy mixin appends its own callback (which calls validate) after the
 * constructor arguments given to super(). MultiSamlStrategy takes (options, signonVerify,
 * logoutVerify), so super() gets the options alone: the mixin's callback lands in the
 * signonVerify slot and validate is what runs at sign-on (saml.strategy.spec.ts).
 */
// Typed as (options, signonVerify): the mixin's callback is the last argument, signonVerify.
const SignOnOnly = MultiSamlStrategy as unknown as new (options: MultiStrategyConfig, signonVerify: VerifyWithRequest) => MultiSamlStrategy;

@Injectable()
export class SamlStrategy extends PassportStrategy(SignOnOnly, 'ips-saml') {
  constructor(@Inject(APP_CONFIG) config: AppConfig, store: SamlReplayStore) {
    super({
      name: 'ips-saml',
      passReqToCallback: true,
      getSamlOptions: (req, done) => {
        const tenant = (req as unknown as SamlStrategyRequest).samlTenant;
        if (!tenant || !config.publicUrl) return done(new SamlRejection('no tenant or no PUBLIC_URL for the SAML options'));
        done(null, samlOptionsFor(tenant, config.publicUrl, store.cacheProviderFor(tenant.id)));
      },
    });
  }

  /** Called by node-saml with the profile of a response whose signature, InResponseTo, time and audience it verified. */
  validate(_req: SamlStrategyRequest, profile: Profile | null): VerifiedAssertion {
    if (!profile) throw new SamlRejection('the response carries no profile (passive or logout response)');
    const assertion = (profile.getAssertion?.() as { Assertion?: AssertionNode } | undefined)?.Assertion;
    const notOnOrAfter = assertion?.Conditions?.[0]?.$?.NotOnOrAfter;
    return {
      issuer: typeof profile.issuer === 'string' ? profile.issuer : null,
      nameId: typeof profile.nameID === 'string' ? profile.nameID : null,
      assertionXml: profile.getAssertionXml?.() ?? '',
      assertionId: assertion?.$?.ID ?? null,
      notOnOrAfter: notOnOrAfter && !Number.isNaN(Date.parse(notOnOrAfter)) ? new Date(notOnOrAfter) : null,
      displayName: displayNameAttribute(profile.attributes as Record<string, unknown> | undefined),
    };
  }
}
