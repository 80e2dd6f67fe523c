import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import { LessThan, MoreThan, Repository } from 'typeorm';
import { isUniqueViolation } from '../../core/persistence/unique-violation';
import { SamlConsumedAssertion, SamlRequest } from './saml-replay.entity';

/** How long the user may take at the identity provider between our redirect and its answer. */
export const REQUEST_ID_LIFETIME_MS = 10 * 60 * 1000;
/** How long a consumed assertion id is remembered when the assertion states no end. */
const CONSUMED_FALLBACK_MS = 24 * 60 * 60 * 1000;

/**
 * The request-id store node-saml's validateInResponseTo "always" needs, in the database so
 * every server process shares it, and the consumed-assertion ids. Every row is keyed by tenant.
 */
@Injectable()
export class SamlReplayStore {
  constructor(
    @InjectRepository(SamlRequest) private readonly requests: Repository<SamlRequest>,
    @InjectRepository(SamlConsumedAssertion) private readonly consumed: Repository<SamlConsumedAssertion>,
  ) {}

  async saveRequest(tenantId: number, id: string, issuedAt: string, now = Date.now()): Promise<void> {
    // Expired rows of any tenant are dead weight: sweep them while we write anyway.
    await this.requests.delete({ expiresAt: LessThan(new Date(now)) });
    await this.requests.insert({ id, tenantId, issuedAt, expiresAt: new Date(now + REQUEST_ID_LIFETIME_MS) });
  }

  /**
   * Takes the request id for this response: only the caller whose DELETE removed the row
   * gets it, so two concurrent posts of one response (on any processes) cannot both pass.
   */
  async claimRequest(tenantId: number, id: string, now = Date.now()): Promise<string | null> {
    const row = await this.requests.findOneBy({ tenantId, id, expiresAt: MoreThan(new Date(now)) });
    if (!row) return null;
    const result = await this.requests.delete({ tenantId, id });
    return result.affected === 1 ? row.issuedAt : null;
  }

  async forgetRequest(tenantId: number, id: string): Promise<void> {
    await this.requests.delete({ tenantId, id });
  }

  /** Records an assertion id as used; false when it was used before (a replay). */
  async consumeAssertion(tenantId: number, assertionId: string, notOnOrAfter: Date | null, now = Date.now()): Promise<boolean> {
    await this.consumed.delete({ expiresAt: LessThan(new Date(now)) });
    const expiresAt = notOnOrAfter && notOnOrAfter.getTime() > now ? notOnOrAfter : new Date(now + CONSUMED_FALLBACK_MS);
    try {
      await this.consumed.insert({ tenantId, assertionId, expiresAt });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /**
   * node-saml's CacheProvider for one tenant and one request. node-saml looks the id up
   * (getAsync) up to twice per response (Response and SubjectConfirmationData) and then
   * removes it; the first look-up claims the row, later ones answer from this object.
   */
  cacheProviderFor(tenantId: number): CacheProvider {
    const claimed = new Map<string, string>();
    return {
      saveAsync: async (key: string, value: string): Promise<CacheItem | null> => {
        await this.saveRequest(tenantId, key, value);
        return { value, createdAt: Date.now() };
      },
      getAsync: async (key: string): Promise<string | null> => {
        if (claimed.has(key)) return claimed.get(key)!;
        const value = await this.claimRequest(tenantId, key);
        if (value !== null) claimed.set(key, value);
        return value;
      },
      removeAsync: async (key: string | null): Promise<string | null> => {
        if (key === null) return null;
        await this.forgetRequest(tenantId, key);
        return claimed.get(key) ?? null;
      },
    };
  }
}
