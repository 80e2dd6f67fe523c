import { Inject, Injectable, Logger } from '@nestjs/common';
import { TypeORMError } from 'typeorm';
import { conflict, forbidden } from '../../core/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../core/config/app-config';
import { Tenant } from '../../tenants/tenant.entity';
import { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { SignInService } from '../sign-in.service';
import {
  checkAccountActive,
  checkAccountExists,
  checkAllowedDomain,
  checkIssuer,
  checkSaml2Enabled,
  displayNameUpdate,
  localRelayState,
  requireAssertionId,
  requireSamlResponse,
  VerifiedAssertion,
  wholeNameId,
} from './acs-pipeline';
import { idpCertificates, SpEndpoints, spEndpoints } from './saml-options';
import { SamlReplayStore } from './saml-replay-store.service';
import { SamlStrategy, SamlStrategyRequest } from './saml.strategy';
import { ThrottleService } from '../throttle.service';
import { SamlErrorCode, SamlRejection, SamlSignOnRejectedError } from './saml.errors';

function isInfrastructureError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return error instanceof TypeORMError || (typeof code === 'string' && /^(E[A-Z]{3,}|ER_|SQLITE_|PROTOCOL_)/.test(code));
}

type Outcome<T> = { kind: 'success'; value: T } | { kind: 'redirect'; url: string };

export interface SamlSignOn {
  token: string;
  user: User;
  /** Where the browser goes next: the RelayState path, else the tenant's home. */
  location: string;
}

/** SAML2 single sign-on of a tenant's SAML2 accounts (SPEC 5): login redirect, assertion consumer, SP metadata. */
@Injectable()
export class SamlSignOnService {
  private readonly logger = new Logger(SamlSignOnService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly strategy: SamlStrategy,
    private readonly store: SamlReplayStore,
    private readonly users: UsersService,
    private readonly signIn: SignInService,
    private readonly throttle: ThrottleService,
  ) {}

  /** The SP's endpoints for the settings page and the IdP's administrator; null without PUBLIC_URL. */
  endpoints(tenant: Pick<Tenant, 'name'>): SpEndpoints | null {
    return this.config.publicUrl ? spEndpoints(tenant, this.config.publicUrl) : null;
  }

  /** The IdP URL with an AuthnRequest (HTTP-Redirect binding); its id is stored for InResponseTo. */
  async loginRedirect(tenant: Tenant, relayState: unknown): Promise<string> {
    if (!tenant.loginSaml2) throw forbidden(SamlErrorCode.Disabled, 'SAML2 sign-in is disabled for this tenant');
    this.requireConfigured(tenant);
    let relay: string | null;
    try {
      relay = localRelayState(relayState);
    } catch {
      throw forbidden(SamlErrorCode.InvalidRelayState, 'RelayState must be a local path');
    }
    const outcome = await this.run<VerifiedAssertion>(this.requestFor(tenant, relay ? { RelayState: relay } : {}, {}));
    if (outcome.kind !== 'redirect') throw new Error('node-saml answered a login request without a redirect');
    return outcome.url;
  }

  /** The SP metadata XML (entity ID and ACS URL under PUBLIC_URL). */
  async metadata(tenant: Tenant): Promise<string> {
    if (!this.config.publicUrl) throw conflict(SamlErrorCode.PublicUrlRequired, 'SAML2 needs PUBLIC_URL to be configured on the server');
    return new Promise((resolve, reject) => {
      this.strategy.generateServiceProviderMetadata(this.requestFor(tenant, {}, {}) as never, null, null, (error, xml) =>
        error ? reject(error) : resolve(xml!),
      );
    });
  }

  /**
   * The assertion consumer: node-saml's checks, then ours in order; a session only when
   * every one passed. Any refusal is the one SamlSignOnRejectedError, its reason logged.
   */
  async consume(tenant: Tenant, form: unknown, ip: string): Promise<SamlSignOn> {
    // A refused response is a failed credential like any other: throttled per address.
    return this.throttle.around(ip, async () => {
      try {
        return await this.consumeSteps(tenant, form, ip);
      } catch (error) {
        // A database failure is not a refused response: let it surface as what it is.
        if (isInfrastructureError(error)) throw error;
        const reason = error instanceof SamlRejection ? error.reason : `node-saml: ${(error as Error)?.message ?? String(error)}`;
        this.logger.warn(`SAML response refused for tenant ${tenant.name} from ${ip}: ${reason}`);
        throw new SamlSignOnRejectedError();
      }
    });
  }

  private async consumeSteps(tenant: Tenant, form: unknown, ip: string): Promise<SamlSignOn> {
    checkSaml2Enabled(tenant);
    this.requireConfigured(tenant);
    const samlResponse = requireSamlResponse(form);
    const relay = localRelayState((form as Record<string, unknown>).RelayState);

    // node-saml: signature of the assertion by a configured IdP certificate, InResponseTo
    // of a request of this tenant (claimed once, in the database), time window, audience.
    const outcome = await this.run<VerifiedAssertion>(this.requestFor(tenant, {}, { SAMLResponse: samlResponse }));
    if (outcome.kind !== 'success') throw new SamlRejection('node-saml answered a response with a redirect');
    const assertion = outcome.value;

    const assertionId = requireAssertionId(assertion);
    if (!(await this.store.consumeAssertion(tenant.id, assertionId, assertion.notOnOrAfter))) {
      throw new SamlRejection(`assertion ${JSON.stringify(assertionId)} was already used`);
    }
    checkIssuer(assertion, tenant);
    const nameId = wholeNameId(assertion);
    checkAllowedDomain(nameId, tenant);
    const user = checkAccountExists(await this.users.findByLoginId(tenant.id, nameId), tenant, nameId);
    checkAccountActive(user, tenant);

    const displayName = displayNameUpdate(assertion, user);
    if (displayName !== null) await this.users.update(user, { displayName });
    const token = await this.signIn.startSession(tenant, user, ip, 'saml2');
    return { token, user, location: relay ?? `/${tenant.name}/` };
  }

  private requireConfigured(tenant: Tenant): void {
    if (!this.config.publicUrl) throw new SamlRejection('PUBLIC_URL is not configured');
    const saml = tenant.saml;
    if (!saml?.idpEntityId || !saml.idpSsoUrl || idpCertificates(saml).length === 0) {
      throw forbidden(SamlErrorCode.NotConfigured, 'SAML2 is not configured for this tenant (identity provider entity ID, SSO URL and certificate)');
    }
  }

  private requestFor(tenant: Tenant, query: Record<string, string>, body: Record<string, unknown>): SamlStrategyRequest {
    return { samlTenant: tenant, query, body, headers: {}, url: '/' };
  }

  /** Runs the strategy the way passport.authenticate does, as a promise of its outcome. */
  private run<T>(req: SamlStrategyRequest): Promise<Outcome<T>> {
    return new Promise((resolve, reject) => {
      const attempt = Object.create(this.strategy) as SamlStrategy & Record<string, unknown>;
      attempt.success = (user: T) => resolve({ kind: 'success', value: user });
      attempt.fail = () => reject(new SamlRejection('the strategy refused the response'));
      attempt.redirect = (url: string) => resolve({ kind: 'redirect', url });
      attempt.pass = () => reject(new SamlRejection('the strategy passed on the request'));
      attempt.error = (error: Error) => reject(error);
      try {
        attempt.authenticate(req as never, {});
      } catch (error) {
        reject(error instanceof Error ? error : new Error('SAML strategy failed'));
      }
    });
  }
}
