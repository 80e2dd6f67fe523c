import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../access/api-errors.decorator';
import { Authenticated, CurrentCaller } from '../access/auth.decorators';
import { Caller } from '../access/caller';
import { AuditService } from './audit.service';
import { AuditEventView } from './dto/audit-event-view.dto';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('Audit')
@Controller(':tenant/api/v1/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /**
   * List audit events.
   *
   * @remarks The tenant's audit log (users, workgroups, settings, API keys, sign-ins), newest
   * first; page with `before`, the id of the last event of the previous page.
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   * Needs the role Security/Security. 400 when limit or before is not a valid integer.
   */
  @Get()
  @ApiOperation({ operationId: 'listAuditEvents' })
  @ApiOkResponse({ type: [AuditEventView] })
  @Authenticated({ role: 'Security/Security' })
  @ApiErrors({ 400: 'limit or before is not a valid integer', 404: 'Unknown tenant' })
  list(@CurrentCaller() caller: Caller, @Query() query: AuditQueryDto): Promise<AuditEventView[]> {
    return this.audit.list(caller.tenant.id, query.limit ?? 100, query.before);
  }
}
