import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../access/api-errors.decorator';
import { TENANT_NAME_PATTERN } from '../access/tenant-name';
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
import { keysWorthValidating } from '../core/validation/unknown-properties';

const TenantNameParam = () =>
  ApiParam({
    name: 'name',
    description: 'The tenant name (matched case-insensitively).',
    example: 'acme',
    schema: { type: 'string', pattern: TENANT_NAME_PATTERN.source, example: 'acme' },
  });

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

  /**
   * Get the server settings.
   *
   * @remarks The server-wide settings: the Basic user names that mean the password is an API key
   * (allowedApiKeyNames), and the lifetime of newly generated keys (apiKeyLifetimeDays).
   * Credentials: Basic with the IPS Administrator `admin` and its password.
   */
  @Get('settings')
  @ApiOperation({ operationId: 'getServerSettings' })
  @ApiOkResponse({ type: ServerSettingsView })
  getSettings(): Promise<ServerSettingsView> {
    return this.settings.get();
  }

  /**
   * Change the server settings.
   *
   * @remarks Changes the fields given and leaves the others. A new apiKeyLifetimeDays applies to
   * keys generated afterwards only.
   * Credentials: Basic with the IPS Administrator `admin` and its password.
   * 200 with the settings; 400 names the invalid field.
   */
  @BodyLimit(SMALL_BODY, { keys: keysWorthValidating(UpdateServerSettingsDto) })
  @Patch('settings')
  @ApiOperation({ operationId: 'updateServerSettings' })
  @ApiOkResponse({ type: ServerSettingsView })
  @ApiErrors({ 400: 'Invalid body (the message names the field)' })
  updateSettings(@Body() body: UpdateServerSettingsDto, @ClientIp() ip: string): Promise<ServerSettingsView> {
    return this.settings.update(body, ipsAdmin(ip));
  }

  /**
   * List tenants.
   *
   * @remarks Every tenant of the server, by name.
   * Credentials: Basic with the IPS Administrator `admin` and its password.
   */
  @Get('tenants')
  @ApiOperation({ operationId: 'listTenants' })
  @ApiOkResponse({ type: [TenantView] })
  listTenants(): Promise<TenantView[]> {
    return this.provisioning.list();
  }

  /**
   * Create a tenant.
   *
   * @remarks Creates a tenant with its default workgroups (Administrators, Everyone,
   * SecurityAdministrators) and its Local user Administrator with the given password.
   * Credentials: Basic with the IPS Administrator `admin` and its password.
   * 201 with the tenant; 400 for an invalid or reserved name or a short password; 409 when a
   * tenant of that name exists (case-insensitively).
   */
  @Post('tenants')
  @ApiOperation({ operationId: 'createTenant' })
  @ApiCreatedResponse({ type: TenantView })
  @ApiErrors({ 400: 'Invalid or reserved name, or a password shorter than 12 characters', 409: 'A tenant of that name exists (case-insensitively)' })
  async createTenant(@Body() body: CreateTenantDto, @ClientIp() ip: string): Promise<TenantView> {
    const tenant = await this.provisioning.create(body.name, body.administratorPassword, ipsAdmin(ip));
    return { name: tenant.name, createdAt: tenant.createdAt };
  }

  /**
   * Delete a tenant.
   *
   * @remarks Deletes the tenant with its users, sessions, keys and data; a new tenant of the same
   * name starts empty.
   * Credentials: Basic with the IPS Administrator `admin` and its password.
   * 204 when deleted; 404 for an unknown tenant.
   */
  @Delete('tenants/:name')
  @ApiOperation({ operationId: 'deleteTenant' })
  @TenantNameParam()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors({ 404: 'Unknown tenant' })
  deleteTenant(@Param('name') name: string, @ClientIp() ip: string): Promise<void> {
    return this.provisioning.delete(name, ipsAdmin(ip));
  }

  /**
   * Reset a tenant's Administrator.
   *
   * @remarks Recovery: sets the password of the tenant's user Administrator, unlocks and
   * reactivates it, puts it back into the Administrators workgroup and ends its sessions.
   * Credentials: Basic with the IPS Administrator `admin` and its password.
   * 200 with the user; 400 for a password shorter than 12 characters; 404 for an unknown tenant.
   */
  @Post('tenants/:name/administrator')
  @ApiOperation({ operationId: 'resetTenantAdministrator' })
  @TenantNameParam()
  @HttpCode(200)
  @ApiOkResponse({ type: ResetAdministratorResult, description: 'Reset' })
  @ApiErrors({ 400: 'Password shorter than 12 characters', 404: 'Unknown tenant' })
  resetAdministrator(@Param('name') name: string, @Body() body: ResetAdministratorDto, @ClientIp() ip: string): Promise<ResetAdministratorResult> {
    return this.provisioning.resetAdministrator(name, body.password, ipsAdmin(ip));
  }

  /**
   * List server audit events.
   *
   * @remarks The server-level audit log (tenants, server settings), newest first; page with
   * `before`, the id of the last event of the previous page.
   * Credentials: Basic with the IPS Administrator `admin` and its password.
   * 400 when limit or before is not a valid integer.
   */
  @Get('audit-events')
  @ApiOperation({ operationId: 'listServerAuditEvents' })
  @ApiOkResponse({ type: [AuditEventView] })
  @ApiErrors({ 400: 'limit or before is not a valid integer' })
  auditEvents(@Query() query: AuditQueryDto): Promise<AuditEventView[]> {
    return this.audit.list(null, query.limit ?? 100, query.before);
  }
}
