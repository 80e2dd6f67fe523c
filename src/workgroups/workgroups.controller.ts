import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentCaller } from '../access/auth.decorators';
import { actorOf } from '../access/actor';
import { Caller } from '../access/caller';
import { IdParam } from '../core/http/id-param';
import { WorkgroupDto } from './dto/workgroup.dto';
import { WorkgroupView } from './dto/workgroup-view.dto';
import { WorkgroupEditor, WorkgroupsService } from './workgroups.service';

const editorOf = (caller: Caller): WorkgroupEditor => ({ ...actorOf(caller), isAdministrator: caller.isAdministrator });

@ApiTags('Workgroups')
@ApiNotFoundResponse({ description: 'Unknown tenant or workgroup' })
@Controller(':tenant/api/v1/workgroups')
export class WorkgroupsController {
  constructor(private readonly workgroups: WorkgroupsService) {}

  @Get()
  @ApiOkResponse({ type: [WorkgroupView] })
  @Authenticated({ role: 'Security/Security' })
  list(@CurrentCaller() caller: Caller): Promise<WorkgroupView[]> {
    return this.workgroups.list(caller.tenant.id);
  }

  @Post()
  @ApiCreatedResponse({ type: WorkgroupView })
  @Authenticated({ role: 'Security/Security' })
  @ApiBadRequestResponse({ description: 'Invalid body, unknown role or member' })
  @ApiConflictResponse({ description: 'A workgroup of that name exists' })
  create(@CurrentCaller() caller: Caller, @Body() body: WorkgroupDto): Promise<WorkgroupView> {
    return this.workgroups.create(caller.tenant.id, body, editorOf(caller));
  }

  @Get(':id')
  @ApiOkResponse({ type: WorkgroupView })
  @Authenticated({ role: 'Security/Security' })
  @ApiBadRequestResponse({ description: 'id is not an integer' })
  get(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<WorkgroupView> {
    return this.workgroups.get(caller.tenant.id, id);
  }

  /** Replaces name, members and roles. Only Administrators may change Administrators, and never empty it. */
  @Put(':id')
  @ApiOkResponse({ type: WorkgroupView })
  @Authenticated({ role: 'Security/Security' })
  @ApiBadRequestResponse({ description: 'Invalid body, unknown role or member' })
  @ApiConflictResponse({ description: 'Duplicate name, or the last Administrator would be removed' })
  replace(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() body: WorkgroupDto): Promise<WorkgroupView> {
    return this.workgroups.replace(caller.tenant.id, id, body, editorOf(caller));
  }

  /** Administrators and Everyone cannot be deleted. */
  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ role: 'Security/Security' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiBadRequestResponse({ description: 'id is not an integer' })
  @ApiConflictResponse({ description: 'A built-in workgroup that cannot be deleted' })
  async delete(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<void> {
    await this.workgroups.delete(caller.tenant.id, id, editorOf(caller));
  }
}
