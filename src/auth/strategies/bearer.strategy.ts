import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { ApiKeysService } from '../../api-keys/api-keys.service';
import { Identity } from '../../access/caller';

/** `Authorization: Bearer <key>` on the Web API. */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'ips-bearer') {
  constructor(private readonly apiKeys: ApiKeysService) {
    super();
  }

  async validate(token: string): Promise<Identity | false> {
    const owner = await this.apiKeys.findOwner(token);
    return owner ? { kind: 'api-key', ...owner } : false;
  }
}
