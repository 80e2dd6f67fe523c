import { AppConfig } from '../config/app-config';
import { AuthenticatedRequest } from '../../access/request';

/** The origin this server is reached at: PUBLIC_URL's, else the request's own Host. */
export function expectedOrigin(req: AuthenticatedRequest, config: AppConfig): string | null {
  if (config.publicUrl) return config.publicUrl.origin;
  const host = req.headers.host;
  return host ? `${req.protocol}://${host}` : null;
}

/** CSRF defence for cookie-authenticated writes: the Origin header must be ours. */
export function hasSameOrigin(req: AuthenticatedRequest, config: AppConfig): boolean {
  const origin = req.headers.origin;
  return typeof origin === 'string' && origin === expectedOrigin(req, config);
}
