import { Injectable } from '@nestjs/common';
import { Strategy } from 'passport-strategy';
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
    // RFC 6750 `Authorization: Bearer <key>` (scheme case-insensitive), Web API only.
    const parsed = parseAuthorization((incoming as unknown as AuthenticatedRequest).headers.authorization);
    const token = parsed?.scheme === 'bearer' && B64TOKEN.test(parsed.credentials) ? parsed.credentials : null;
    if (!token) return this.fail(401);
    this.apiKeys.findOwner(token).then(
      (owner) => (owner ? this.success({ kind: 'api-key', ...owner }) : this.fail(401)),
      (error: Error) => this.error(error),
    );
  }
}
