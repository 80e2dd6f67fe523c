import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentCaller } from '../access/auth.decorators';
import { Caller } from '../access/caller';
import { AuditService } from './audit.service';
import { AuditEventView } from './dto/audit-event-view.dto';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('Audit')
@Controller(':tenant/api/v1/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The tenant's audit log, newest first. */
  @Get()
  @ApiOkResponse({ type: [AuditEventView] })
  @Authenticated({ role: 'Security/Security' })
  @ApiBadRequestResponse({ description: 'limit or before is not a valid integer' })
  list(@CurrentCaller() caller: Caller, @Query() query: AuditQueryDto): Promise<AuditEventView[]> {
    return this.audit.list(caller.tenant.id, query.limit ?? 100, query.before);
  }
}
