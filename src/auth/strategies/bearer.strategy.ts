import { Injectable } from '@nestjs/common';
import { Strategy } from 'passport-strategy';
import { Identity } from '../../access/caller';
import { AuthenticatedRequest } from '../../access/request';
import { ApiKeysService } from '../../api-keys/api-keys.service';
import { parseAuthorization } from '../../core/http/authorization';

/** RFC 6750 b64token. */
const B64TOKEN = /^[A-Za-z0-9._~+/-]+=*$/;

/** An API key as a bearer token. Only shapes the identity; the policy runs in the guard. */
@Injectable()
export class BearerStrategy extends Strategy {
  readonly name = 'ips-bearer';

  constructor(private readonly apiKeys: ApiKeysService) {
    super();
  }

  // Passport's typings name Express's request; on Fastify the request is Fastify's.
  override authenticate(incoming: Parameters<Strategy['authenticate']>[0]): void {
    this.identify(incoming as unknown as AuthenticatedRequest).then(
      (identity) => (identity ? this.success(identity) : this.fail(401)),
      (error: Error) => this.error(error),
    );
  }

  /** The key's owner, or null for a missing, malformed or unknown key (the guard calls this directly). */
  async identify(req: AuthenticatedRequest): Promise<Identity | null> {
    const token = bearerToken(req);
    const owner = token ? await this.apiKeys.findOwner(token) : null;
    return owner ? { kind: 'api-key', ...owner } : null;
  }

  /** identify() when the key's owner is cached; undefined when it is not (or the key is unknown). */
  identifyFromCache(req: AuthenticatedRequest): Identity | undefined {
    const token = bearerToken(req);
    const owner = token ? this.apiKeys.cachedOwner(token) : undefined;
    return owner ? { kind: 'api-key', ...owner } : undefined;
  }
}

/** RFC 6750 `Authorization: Bearer <key>` (scheme case-insensitive), Web API only. */
function bearerToken(req: AuthenticatedRequest): string | null {
  const parsed = parseAuthorization(req.headers.authorization);
  return parsed?.scheme === 'bearer' && B64TOKEN.test(parsed.credentials) ? parsed.credentials : null;
}
