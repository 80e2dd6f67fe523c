import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service';
import { AuditEventView } from '../audit/dto/audit-event-view.dto';
import { AuditQueryDto } from '../audit/dto/audit-query.dto';
import { ClientIp, IpsAdministrator } from '../access/auth.decorators';
import { ipsAdministrator as ipsAdmin } from '../access/actor';
import { ServerSettingsView } from '../settings/dto/server-settings-view.dto';
import { ServerSettingsService } from '../settings/server-settings.service';
import { CreateTenantDto, ResetAdministratorDto } from './dto/create-tenant.dto';
import { UpdateServerSettingsDto } from './dto/server-settings.dto';
import { ResetAdministratorResult } from './dto/reset-administrator-result.dto';
import { TenantView } from './dto/tenant-view.dto';
import { TenantProvisioningService } from './tenant-provisioning.use-case';
import { BodyLimit, SMALL_BODY } from '../core/http/body-limit';

/** IPS administration: server settings and tenants (HTTP Basic as the IPS Administrator). */
@ApiTags('IPS administration')
@IpsAdministrator()
@Controller('admin/api')
export class AdminController {
  constructor(
    private readonly settings: ServerSettingsService,
    private readonly provisioning: TenantProvisioningService,
    private readonly audit: AuditService,
  ) {}

  @Get('settings')
  @ApiOkResponse({ type: ServerSettingsView })
  getSettings(): Promise<ServerSettingsView> {
    return this.settings.get();
  }

  @BodyLimit(SMALL_BODY)
  @Patch('settings')
  @ApiOkResponse({ type: ServerSettingsView })
  @ApiBadRequestResponse({ description: 'Invalid body (the message names the field)' })
  updateSettings(@Body() body: UpdateServerSettingsDto, @ClientIp() ip: string): Promise<ServerSettingsView> {
    return this.settings.update(body, ipsAdmin(ip));
  }

  @Get('tenants')
  @ApiOkResponse({ type: [TenantView] })
  listTenants(): Promise<TenantView[]> {
    return this.provisioning.list();
  }

  /** Creates a tenant with its default workgroups and its Administrator user. */
  @Post('tenants')
  @ApiCreatedResponse({ type: TenantView })
  @ApiBadRequestResponse({ description: 'Invalid or reserved name, short password' })
  @ApiConflictResponse({ description: 'A tenant of that name exists (case-insensitively)' })
  async createTenant(@Body() body: CreateTenantDto, @ClientIp() ip: string): Promise<TenantView> {
    const tenant = await this.provisioning.create(body.name, body.administratorPassword, ipsAdmin(ip));
    return { name: tenant.name, createdAt: tenant.createdAt };
  }

  /** Deletes the tenant with its users, sessions, keys and data. */
  @Delete('tenants/:name')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'Unknown tenant' })
  deleteTenant(@Param('name') name: string, @ClientIp() ip: string): Promise<void> {
    return this.provisioning.delete(name, ipsAdmin(ip));
  }

  /** Recovery: sets the password of the tenant's Administrator and unlocks it. */
  @Post('tenants/:name/administrator')
  @HttpCode(200)
  @ApiOkResponse({ type: ResetAdministratorResult, description: 'Reset' })
  @ApiBadRequestResponse({ description: 'Password too short' })
  @ApiNotFoundResponse({ description: 'Unknown tenant' })
  resetAdministrator(@Param('name') name: string, @Body() body: ResetAdministratorDto, @ClientIp() ip: string): Promise<ResetAdministratorResult> {
    return this.provisioning.resetAdministrator(name, body.password, ipsAdmin(ip));
  }

  /** The server-level audit log, newest first. */
  @Get('audit-events')
  @ApiOkResponse({ type: [AuditEventView] })
  @ApiBadRequestResponse({ description: 'limit or before is not a valid integer' })
  auditEvents(@Query() query: AuditQueryDto): Promise<AuditEventView[]> {
    return this.audit.list(null, query.limit ?? 100, query.before);
  }
}
