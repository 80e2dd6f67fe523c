import { Injectable } from '@nestjs/common';
import { WorkgroupsService } from '../workgroups/workgroups.service';
import { checkAccess, checkCredential, PolicyContext } from '../access/access-policy';
import { Caller, Identity } from '../access/caller';

/** Runs the ordered checks of SPEC 4 (access-policy.ts) for one request. */
@Injectable()
export class AccessPolicyService {
  constructor(private readonly workgroups: WorkgroupsService) {}

  async authorize(identity: Identity | null, ctx: PolicyContext, ip: string): Promise<Caller> {
    const valid = checkCredential(identity, ctx);
    const { roles, isAdministrator } = await this.workgroups.accessOf(valid.tenant.id, valid.user.id);
    checkAccess(valid, roles, isAdministrator, ctx);
    return { ...valid, roles, isAdministrator, ip };
  }
}
