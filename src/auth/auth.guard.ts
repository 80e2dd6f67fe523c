import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Passport } from 'passport';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { clientAddress } from '../common/client-address';
import { forbidden, notFound } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ServerSettingsService } from '../settings/server-settings.service';
import { TenantsService } from '../tenants/tenants.service';
import { parseBasicAuthorization } from './basic-credentials';
import { AccessPolicyService } from './access-policy.service';
import { AuthErrorCode, ThrottledError, UnauthorizedError, UnsupportedMediaTypeError } from './auth.errors';
import { ACCEPTS_FORM_KEY, IPS_ADMIN_KEY, PUBLIC_KEY, ROUTE_POLICY_KEY, RoutePolicy, SURFACE_KEY } from './auth.decorators';
import { Identity, Surface } from './caller';
import { AuthenticatedRequest, SESSION_COOKIE } from './request';
import { hasSameOrigin } from './same-origin';
import { BasicStrategy } from './strategies/basic.strategy';
import { BearerStrategy } from './strategies/bearer.strategy';
import { SessionStrategy } from './strategies/session.strategy';
import { ThrottleService } from './throttle.service';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The one global authentication guard (STYLE 7): resolves the client address, enforces
 * JSON writes, throttles failed credentials, runs the Passport strategy that matches the
 * credential presented, then the ordered policy checks. Runs before any body or query
 * parsing of the route (authentication before parsing).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);
  /**
   * This application's own Passport: the strategies' global registration (by name, on the
   * passport singleton) would let a second app in the same process swap in its instances.
   */
  private readonly passport = new Passport();

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tenants: TenantsService,
    private readonly throttle: ThrottleService,
    private readonly policy: AccessPolicyService,
    private readonly apiKeys: ApiKeysService,
    private readonly settings: ServerSettingsService,
    basic: BasicStrategy,
    bearer: BearerStrategy,
    session: SessionStrategy,
  ) {
    this.passport.use('ips-basic', basic);
    this.passport.use('ips-bearer', bearer);
    this.passport.use('ips-session', session);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    req.clientIp = clientAddress(req.raw.socket.remoteAddress, req.headers['x-forwarded-for'], this.config.trustProxy);
    // The OData feed reads no bodies (writes are 405, $batch 501): their type is not checked.
    if (this.reflector.getAllAndOverride<Surface>(SURFACE_KEY, targets) !== 'odata') {
      this.checkMediaType(req, this.reflector.getAllAndOverride<boolean>(ACCEPTS_FORM_KEY, targets) ?? false);
    }

    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const presented = req.headers.authorization !== undefined;
    if (presented) {
      const wait = await this.throttle.retryAfter(req.clientIp);
      if (wait) throw new ThrottledError(wait);
    }
    try {
      if (this.reflector.getAllAndOverride<boolean>(IPS_ADMIN_KEY, targets)) return await this.authenticateIpsAdministrator(req);
      return await this.authenticateTenantUser(req, context, presented);
    } catch (error) {
      if (error instanceof UnauthorizedError && presented) {
        const wait = await this.throttle.recordFailure(req.clientIp);
        if (wait) throw new ThrottledError(wait);
      }
      throw error;
    }
  }

  private async authenticateTenantUser(req: AuthenticatedRequest, context: ExecutionContext, presented: boolean): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const surface = this.reflector.getAllAndOverride<Surface>(SURFACE_KEY, targets) ?? 'web-api';
    const route = this.reflector.getAllAndOverride<RoutePolicy>(ROUTE_POLICY_KEY, targets);
    if (!route) throw new Error(`Route ${req.routeOptions.url} declares no access policy`);

    const tenantName = (req.params as Record<string, string>).tenant ?? '';
    let identity: Identity | null = null;
    const scheme = req.headers.authorization?.split(' ')[0].toLowerCase();
    if (scheme === 'basic') identity = await this.runStrategy('ips-basic', req);
    else if (scheme === 'bearer' && surface === 'web-api') identity = await this.runStrategy('ips-bearer', req);
    else if (!presented && surface === 'web-api' && req.cookies?.[SESSION_COOKIE]) {
      identity = await this.runStrategy('ips-session', req);
      if (identity && STATE_CHANGING.has(req.method) && !hasSameOrigin(req, this.config)) {
        throw forbidden(AuthErrorCode.CrossOrigin, 'Cross-origin request refused: a same-origin Origin header is required');
      }
    }

    // Hot path: a key or session row arrives joined with its tenant, so the URL's tenant
    // needs its own query only when it is another one (then the policy answers 401) or unknown (404).
    const urlTenant = identity?.tenant.nameKey === tenantName.toLowerCase() ? identity.tenant : await this.tenants.findByName(tenantName);
    if (!urlTenant) throw notFound('tenant-not-found', `Tenant '${tenantName}' not found`);
    req.urlTenant = urlTenant;

    req.caller = await this.policy.authorize(identity, { urlTenant, surface, route, presentedCredentials: presented, now: Date.now() }, req.clientIp);
    if (req.caller.apiKey) {
      const key = req.caller.apiKey;
      this.apiKeys.recordUse(key, req.clientIp).catch((error) => this.logger.warn(`Could not record API key use: ${error.message}`));
    }
    return true;
  }

  private async authenticateIpsAdministrator(req: AuthenticatedRequest): Promise<boolean> {
    const credentials = parseBasicAuthorization(req.headers.authorization);
    // Verify even for a wrong user name, so both cost the same time.
    const ok = credentials !== null && (await this.settings.verifyAdminPassword(credentials.secret)) && credentials.name === 'admin';
    if (!ok) throw new UnauthorizedError(req.headers.authorization !== undefined);
    return true;
  }

  private runStrategy(name: string, req: AuthenticatedRequest): Promise<Identity | null> {
    return new Promise((resolve, reject) => {
      this.passport.authenticate(name, { session: false }, (error: unknown, user: Identity | false) => {
        if (error) reject(error);
        else resolve(user || null);
      })(req, {}, reject);
    });
  }

  /** SPEC 5: writes are JSON (forms only where a route says so). */
  private checkMediaType(req: AuthenticatedRequest, acceptsForm: boolean): void {
    if (!STATE_CHANGING.has(req.method)) return;
    const length = req.headers['content-length'];
    const hasBody = (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody) return;
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'application/json' || (acceptsForm && type === 'application/x-www-form-urlencoded')) return;
    throw new UnsupportedMediaTypeError(`Content-Type must be application/json${acceptsForm ? ' or application/x-www-form-urlencoded' : ''}`);
  }
}
