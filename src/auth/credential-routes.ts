import { Injectable } from '@nestjs/common';
/**
 * The GET/HEAD route templates the guard has seen answered only after a credential check, with
 * their metrics surface ('odata', 'web-api' or 'ips-administration'; only 'odata' answers in the OData body): what src/early-throttle.hook.ts needs to refuse a throttled address before the
 * request reaches Nest. Filled by the guard as routes are first used, so a route is never
 * refused early before the guard itself has treated it as credential-checked once.
 */
@Injectable()
export class CredentialRoutes {
  private readonly surfaces = new Map<string, string>();

  learn(method: string, routeTemplate: string, surface: string): void {
    if (method !== 'GET' && method !== 'HEAD') return;
    const key = `${method} ${routeTemplate}`;
    if (!this.surfaces.has(key)) this.surfaces.set(key, surface);
  }

  surfaceOf(method: string, routeTemplate: string | undefined): string | undefined {
    return routeTemplate === undefined ? undefined : this.surfaces.get(`${method} ${routeTemplate}`);
  }
}
