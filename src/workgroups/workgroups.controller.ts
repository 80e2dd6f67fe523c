import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../access/api-errors.decorator';
import { Authenticated, CurrentCaller } from '../access/auth.decorators';
import { actorOf } from '../access/actor';
import { Caller } from '../access/caller';
import { IdParam } from '../core/http/id-param';
import { WorkgroupDto } from './dto/workgroup.dto';
import { WorkgroupView } from './dto/workgroup-view.dto';
import { WorkgroupEditor, WorkgroupsService } from './workgroups.service';

const editorOf = (caller: Caller): WorkgroupEditor => ({ ...actorOf(caller), isAdministrator: caller.isAdministrator });

@ApiTags('Workgroups')
@ApiErrors({ 404: 'Unknown tenant or workgroup' })
@Controller(':tenant/api/v1/workgroups')
export class WorkgroupsController {
  constructor(private readonly workgroups: WorkgroupsService) {}

  /**
   * List workgroups.
   *
   * @remarks Every workgroup of the tenant with its members (user ids) and roles.
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   * Needs the role Security/Security.
   */
  @Get()
  @ApiOperation({ operationId: 'listWorkgroups' })
  @ApiOkResponse({ type: [WorkgroupView] })
  @Authenticated({ role: 'Security/Security' })
  list(@CurrentCaller() caller: Caller): Promise<WorkgroupView[]> {
    return this.workgroups.list(caller.tenant.id);
  }

  /**
   * Create a workgroup.
   *
   * @remarks Creates a workgroup with its members (user ids of this tenant) and roles, each Allowed
   * or Denied.
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   * Needs the role Security/Security. 201 with the workgroup and its id; 400 for an invalid body,
   * an unknown role or member; 409 when a workgroup of that name exists.
   */
  @Post()
  @ApiOperation({ operationId: 'createWorkgroup' })
  @ApiCreatedResponse({ type: WorkgroupView })
  @Authenticated({ role: 'Security/Security' })
  @ApiErrors({ 400: 'Invalid body, unknown role or member', 409: 'A workgroup of that name exists' })
  create(@CurrentCaller() caller: Caller, @Body() body: WorkgroupDto): Promise<WorkgroupView> {
    return this.workgroups.create(caller.tenant.id, body, editorOf(caller));
  }

  /**
   * Get a workgroup.
   *
   * @remarks One workgroup by id, with its members and roles.
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   * Needs the role Security/Security. 404 when the workgroup does not exist in this tenant.
   */
  @Get(':id')
  @ApiOperation({ operationId: 'getWorkgroup' })
  @ApiOkResponse({ type: WorkgroupView })
  @Authenticated({ role: 'Security/Security' })
  @ApiErrors({ 400: 'id is not a positive integer' })
  get(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<WorkgroupView> {
    return this.workgroups.get(caller.tenant.id, id);
  }

  /**
   * Replace a workgroup.
   *
   * @remarks Replaces name, members and roles. Only Administrators may change the Administrators
   * workgroup, and never empty it; Everyone's membership is implicit.
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   * Needs the role Security/Security. 400 for an invalid body, an unknown role or member; 409 for a
   * duplicate name, or when the last Administrator would be removed.
   */
  @Put(':id')
  @ApiOperation({ operationId: 'replaceWorkgroup' })
  @ApiOkResponse({ type: WorkgroupView })
  @Authenticated({ role: 'Security/Security' })
  @ApiErrors({ 400: 'Invalid body, unknown role or member, or id', 409: 'Duplicate name, or the last Administrator would be removed' })
  replace(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() body: WorkgroupDto): Promise<WorkgroupView> {
    return this.workgroups.replace(caller.tenant.id, id, body, editorOf(caller));
  }

  /**
   * Delete a workgroup.
   *
   * @remarks Deletes the workgroup; its members lose the roles it allowed. Administrators and
   * Everyone cannot be deleted.
   * Credentials: a website session only (the ips_session cookie; writes need a same-origin Origin); API keys get 403.
   * Needs the role Security/Security. 204 when deleted; 409 for a built-in workgroup.
   */
  @Delete(':id')
  @ApiOperation({ operationId: 'deleteWorkgroup' })
  @HttpCode(204)
  @Authenticated({ role: 'Security/Security' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors({ 400: 'id is not a positive integer', 409: 'A built-in workgroup that cannot be deleted' })
  async delete(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<void> {
    await this.workgroups.delete(caller.tenant.id, id, editorOf(caller));
  }
}
