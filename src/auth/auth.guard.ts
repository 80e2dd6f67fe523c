import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { checkAccess, checkCredential, PolicyContext } from '../access/access-policy';
import { ACCEPTS_FORM_KEY, IPS_ADMIN_KEY, PUBLIC_KEY, ROUTE_POLICY_KEY, RoutePolicy, SURFACE_KEY } from '../access/auth.decorators';
import { crossOrigin, ThrottledError, UnauthorizedError, UnsupportedMediaTypeError } from '../access/auth.errors';
import { Identity, Surface, TenantRef } from '../access/caller';
import { AuthenticatedRequest, SESSION_COOKIE } from '../access/request';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { APP_CONFIG, AppConfig } from '../core/config/app-config';
import { badRequest, CommonErrorCode, DomainError } from '../core/errors/domain-error';
import { parseAuthorization, singleAuthorization } from '../core/http/authorization';
import { parseBasicAuthorization } from '../core/http/basic-credentials';
import { authOutcomes, boundCounter, throttledRequests } from '../core/metrics/metrics';
import { requestClientAddress } from '../core/http/client-address';
import { mediaTypeOf } from '../core/http/media-type';
import { hasSameOrigin } from '../core/http/server-origin';
import { ServerSettingsService } from '../settings/server-settings.service';
import { TenantErrorCode, TenantsService } from '../tenants/tenants.service';
import { UserAccess, WorkgroupsService } from '../workgroups/workgroups.service';
import { CredentialRoutes } from './credential-routes';
import { BasicStrategy } from './strategies/basic.strategy';
import { BearerStrategy } from './strategies/bearer.strategy';
import { SessionStrategy } from './strategies/session.strategy';
import { isBadCredential, ThrottleService } from './throttle.service';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A bad credential counts as a failure, and so does a credential sent to a tenant that does not exist. */
const isFailedCredential = (error: unknown) => isBadCredential(error) || (error instanceof DomainError && error.code === String(TenantErrorCode.NotFound));

/** What a route declares through the decorators; read once per handler, it never changes after start-up. */
interface RouteMetadata {
  surface: Surface | undefined;
  acceptsForm: boolean;
  isPublic: boolean;
  ipsAdministrator: boolean;
  policy: RoutePolicy | undefined;
}

/**
 * The one global authentication guard (STYLE 7): resolves the client address and the URL's
 * tenant (every /{tenant} route, public or not), enforces JSON writes, runs the Passport
 * strategy that matches the credential presented inside the throttle, then the ordered policy
 * checks of SPEC 4. Runs before any body or query parsing of the route (authentication
 * before parsing). A key or session whose data this process has cached is admitted by the
 * same checks without a promise (admitFromCache); anything else takes the full path.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);
  /** Five reflector lookups per request otherwise (npm run bench, profiled). */
  private readonly routes = new WeakMap<object, WeakMap<object, RouteMetadata>>();
  private readonly acceptedSeries = new Map<string, { inc(): void }>();

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tenants: TenantsService,
    private readonly throttle: ThrottleService,
    private readonly workgroups: WorkgroupsService,
    private readonly apiKeys: ApiKeysService,
    private readonly settings: ServerSettingsService,
    // Called directly rather than through passport.authenticate, which built a middleware,
    // a strategy object and five closures per request (npm run bench, profiled).
    private readonly basic: BasicStrategy,
    private readonly bearer: BearerStrategy,
    private readonly session: SessionStrategy,
    private readonly credentialRoutes: CredentialRoutes,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const route = this.routeMetadata(context);
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const clientIp = requestClientAddress(req.raw, this.config.trustProxy);
    if (clientIp === null) throw badRequest(CommonErrorCode.InvalidHeader, 'X-Forwarded-For from the trusted proxy names no valid client address');
    req.clientIp = clientIp;
    const authorization = singleAuthorization(req.raw.rawHeaders);
    // The OData feed reads no bodies (writes are 405, $batch 501): their type is not checked.
    if (route.surface !== 'odata') this.checkMediaType(req, route.acceptsForm);
    const tenantName = (req.params as Record<string, string | undefined>).tenant;
    // Only a presented credential counts as a failure (SPEC 5 "Throttling").
    const scheme = authorization === undefined ? null : (parseAuthorization(authorization)?.scheme ?? '');
    if (route.isPublic) return this.publicRoute(req, tenantName);

    const surface = route.ipsAdministrator ? 'ips-administration' : (route.surface ?? 'web-api');
    // Every non-public route answers in the OData or the Web API body (the website's pages are public).
    this.credentialRoutes.learn(req.method, req.routeOptions.url ?? '', surface);
    if (!route.ipsAdministrator && tenantName !== undefined && this.admitFromCache(req, route, scheme, tenantName)) {
      this.accepted(surface, scheme).inc();
      return true;
    }
    return this.authenticate(req, route, surface, scheme, tenantName);
  }

  private async publicRoute(req: AuthenticatedRequest, tenantName: string | undefined): Promise<boolean> {
    if (tenantName !== undefined) req.urlTenant = await this.tenants.getByName(tenantName);
    return true;
  }

  private async authenticate(
    req: AuthenticatedRequest,
    route: RouteMetadata,
    surface: string,
    scheme: string | null,
    tenantName: string | undefined,
  ): Promise<boolean> {
    const authenticate = async () => {
      if (tenantName !== undefined) req.urlTenant = await this.urlTenant(req, tenantName, scheme);
      if (route.ipsAdministrator) await this.authenticateIpsAdministrator(req, scheme !== null);
      else await this.authenticateTenantUser(req, route, scheme);
    };
    try {
      // One throttle around the whole credential check: the URL's tenant included.
      await (scheme === null ? authenticate() : this.throttle.around(req.clientIp, authenticate, isFailedCredential));
    } catch (error) {
      // Metrics carry the error code only: never the credential or the user name.
      authOutcomes.inc({ surface, outcome: 'refused', reason: error instanceof DomainError ? error.code : 'error' });
      if (error instanceof ThrottledError) throttledRequests.inc({ surface });
      throw error;
    }
    this.accepted(surface, scheme).inc();
    return true;
  }

  /** The accepted-outcome series, bound once per surface and credential kind: counted on every request. */
  private accepted(surface: string, scheme: string | null): { inc(): void } {
    const reason = scheme === null ? 'session' : scheme === 'basic' ? 'basic' : 'bearer';
    const key = `${surface} ${reason}`;
    let series = this.acceptedSeries.get(key);
    if (!series) this.acceptedSeries.set(key, (series = boundCounter(authOutcomes, { surface, outcome: 'accepted', reason })));
    return series;
  }

  private routeMetadata(context: ExecutionContext): RouteMetadata {
    // By class, then handler: a method inherited by two controllers may carry two class-level policies.
    const [handler, controller] = [context.getHandler(), context.getClass()];
    let byHandler = this.routes.get(controller);
    if (!byHandler) this.routes.set(controller, (byHandler = new WeakMap()));
    let found = byHandler.get(handler);
    if (!found) {
      const targets = [handler, controller];
      found = {
        surface: this.reflector.getAllAndOverride<Surface>(SURFACE_KEY, targets),
        acceptsForm: this.reflector.getAllAndOverride<boolean>(ACCEPTS_FORM_KEY, targets) ?? false,
        isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false,
        ipsAdministrator: this.reflector.getAllAndOverride<boolean>(IPS_ADMIN_KEY, targets) ?? false,
        policy: this.reflector.getAllAndOverride<RoutePolicy>(ROUTE_POLICY_KEY, targets),
      };
      byHandler.set(handler, found);
    }
    return found;
  }

  /**
   * The URL's tenant (404 when unknown, SPEC 3). With a credential presented, an unknown
   * tenant's 404 comes only after the credential has cost what a wrong one costs (a Basic
   * password runs Argon2 against the dummy hash) and counts as a failure of the address:
   * otherwise one address could make the server verify passwords without limit.
   */
  private async urlTenant(req: AuthenticatedRequest, name: string, scheme: string | null): Promise<TenantRef> {
    const tenant = await this.tenants.findByName(name);
    if (tenant) return tenant;
    if (scheme === 'basic') await this.basic.identify(req);
    return this.tenants.getByName(name);
  }

  private async authenticateTenantUser(req: AuthenticatedRequest, metadata: RouteMetadata, scheme: string | null): Promise<void> {
    const ctx = this.policyContext(req, metadata, scheme);
    const strategy = this.strategyFor(req, scheme, ctx.surface);
    const identity = strategy ? await strategy.identify(req) : null;
    if (identity && strategy === this.session && !this.sameOriginOrRead(req)) throw crossOrigin();
    const valid = checkCredential(identity, ctx);
    this.admit(req, valid, await this.workgroups.accessOf(valid.tenant.id, valid.user.id), ctx);
  }

  /**
   * The same decision as authenticateTenantUser, from this process's caches alone and without
   * a promise (the common request: a key or session used again within the caches' second;
   * npm run bench, profiled). False as soon as anything is not cached or any check would
   * refuse: the full path then decides, inside the throttle, and counts a failure. Passwords
   * never pass here (Argon2 runs on each), nor sessions that are due a lastSeenAt write.
   */
  private admitFromCache(req: AuthenticatedRequest, metadata: RouteMetadata, scheme: string | null, tenantName: string): boolean {
    if (scheme !== null && !this.throttle.isClearInCache(req.clientIp)) return false;
    const tenant = this.tenants.cachedByName(tenantName);
    if (!tenant) return false;
    req.urlTenant = tenant;
    const ctx = this.policyContext(req, metadata, scheme);
    const strategy = this.strategyFor(req, scheme, ctx.surface);
    // A session's cross-origin write is refused by the full path.
    if (!strategy || (strategy === this.session && !this.sameOriginOrRead(req))) return false;
    const identity = strategy.identifyFromCache(req);
    if (!identity) return false;
    try {
      const valid = checkCredential(identity, ctx);
      const access = this.workgroups.cachedAccessOf(valid.tenant.id, valid.user.id);
      if (!access) return false;
      this.admit(req, valid, access, ctx);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The strategy for the credential presented (SPEC 5): Basic on every surface, a Bearer key
   * and the session cookie on the Web API only; null when none applies.
   */
  private strategyFor(req: AuthenticatedRequest, scheme: string | null, surface: Surface): BasicStrategy | BearerStrategy | SessionStrategy | null {
    if (scheme === 'basic') return this.basic;
    if (surface !== 'web-api') return null;
    if (scheme === 'bearer') return this.bearer;
    return scheme === null && req.cookies?.[SESSION_COOKIE] ? this.session : null;
  }

  /** SPEC 5: a session's writes need a same-origin Origin. */
  private sameOriginOrRead(req: AuthenticatedRequest): boolean {
    return !STATE_CHANGING.has(req.method) || hasSameOrigin(req, this.config);
  }

  private policyContext(req: AuthenticatedRequest, metadata: RouteMetadata, scheme: string | null): PolicyContext {
    const surface = metadata.surface ?? 'web-api';
    const route = metadata.policy;
    if (!route || !req.urlTenant) throw new Error(`Route ${req.routeOptions.url} declares no access policy or no tenant`);
    const urlTenant: TenantRef = req.urlTenant;
    // SPEC 5: the challenge goes with 401s on OData and to requests that sent Authorization.
    return { urlTenant, surface, route, challenge: scheme !== null || surface === 'odata' ? urlTenant.name : null, now: Date.now() };
  }

  /** The last checks (roles, SPEC 4) and the caller the handlers see. */
  private admit(req: AuthenticatedRequest, valid: Identity, access: UserAccess, ctx: PolicyContext): void {
    checkAccess(valid, access.roles, access.isAdministrator, ctx);
    req.caller = { ...valid, roles: access.roles, isAdministrator: access.isAdministrator, ip: req.clientIp };
    // Checked here first: most requests then create no promise for it.
    if (valid.apiKey && this.apiKeys.isUseDue(valid.apiKey)) {
      this.apiKeys.recordUse(valid.apiKey, req.clientIp).catch((error: Error) => this.logger.warn(`Could not record API key use: ${error.message}`));
    }
  }

  private async authenticateIpsAdministrator(req: AuthenticatedRequest, presented: boolean): Promise<void> {
    const credentials = parseBasicAuthorization(req.headers.authorization);
    // Verify even for a wrong user name, so both cost the same time.
    const ok = credentials !== null && (await this.settings.verifyAdminPassword(credentials.secret)) && credentials.name === 'admin';
    if (!ok) throw new UnauthorizedError(presented ? 'IPS' : null);
  }

  /** SPEC 5: writes are JSON (forms only where a route says so). */
  private checkMediaType(req: AuthenticatedRequest, acceptsForm: boolean): void {
    if (!STATE_CHANGING.has(req.method)) return;
    const length = req.headers['content-length'];
    const hasBody = (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody) return;
    const type = mediaTypeOf(req);
    if (type === 'application/json' || (acceptsForm && type === 'application/x-www-form-urlencoded')) return;
    throw new UnsupportedMediaTypeError(`Content-Type must be application/json${acceptsForm ? ' or application/x-www-form-urlencoded' : ''}`);
  }
}
