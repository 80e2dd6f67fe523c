import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentCaller, RoutePolicy } from '../access/auth.decorators';
import { Caller } from '../access/caller';
import { BodyLimit } from '../core/http/body-limit';
import { BoundedArrayPipe } from '../core/validation/bounded-array.pipe';
import { IdParam } from '../core/http/id-param';
import { CashflowDto, isCertainlyValidCashflow, MAX_CASHFLOWS, ProjectDto, ProjectListQueryDto } from './dto/project.dto';
import { CashflowView, ProjectView } from './dto/project-view.dto';
import { ProjectsService } from './projects.service';

const READ: Partial<RoutePolicy> = { credentials: ['session', 'api-key'], role: 'Data/Read' };
const WRITE: Partial<RoutePolicy> = { credentials: ['session', 'api-key'], role: 'Data/Write' };

/** Planning data (SPEC 6): Data/Read to read, Data/Write to change; API keys accepted. */
@ApiTags('Planning data')
@ApiNotFoundResponse({ description: 'Unknown tenant or project' })
@Controller(':tenant/api/v1/projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  /** Projects ordered by id; page with limit and afterId. */
  @Get()
  @ApiOkResponse({ type: [ProjectView] })
  @Authenticated(READ)
  @ApiBadRequestResponse({ description: 'limit or afterId is not valid' })
  list(@CurrentCaller() caller: Caller, @Query() query: ProjectListQueryDto): Promise<ProjectView[]> {
    return this.projects.list(caller.tenant.id, query.limit ?? 1000, query.afterId ?? 0);
  }

  @Post()
  @ApiCreatedResponse({ type: ProjectView })
  @Authenticated(WRITE)
  @ApiBadRequestResponse({ description: 'Invalid body (the message names the field)' })
  create(@CurrentCaller() caller: Caller, @Body() body: ProjectDto): Promise<ProjectView> {
    return this.projects.create(caller.tenant.id, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: ProjectView })
  @Authenticated(READ)
  @ApiBadRequestResponse({ description: 'id is not an integer' })
  get(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<ProjectView> {
    return this.projects.get(caller.tenant.id, id);
  }

  @Put(':id')
  @ApiOkResponse({ type: ProjectView })
  @Authenticated(WRITE)
  @ApiBadRequestResponse({ description: 'Invalid body or id' })
  replace(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() body: ProjectDto): Promise<ProjectView> {
    return this.projects.replace(caller.tenant.id, id, body);
  }

  /** Deletes the project and its cashflows. */
  @Delete(':id')
  @HttpCode(204)
  @Authenticated(WRITE)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiBadRequestResponse({ description: 'id is not an integer' })
  delete(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<void> {
    return this.projects.delete(caller.tenant.id, id);
  }

  @Get(':id/cashflows')
  @ApiOkResponse({ type: [CashflowView] })
  @Authenticated(READ)
  @ApiBadRequestResponse({ description: 'id is not an integer' })
  cashflows(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<CashflowView[]> {
    return this.projects.getCashflows(caller.tenant.id, id);
  }

  /** Replaces the project's cashflows with the given array, in one transaction. */
  @Put(':id/cashflows')
  @ApiOkResponse({ type: [CashflowView] })
  @Authenticated(WRITE)
  @ApiBody({ type: [CashflowDto], description: `At most ${MAX_CASHFLOWS} items (one per year)` })
  // 301 items of five numbers, generously formatted, stay far below this.
  @BodyLimit(256 * 1024)
  @ApiBadRequestResponse({ description: 'Invalid array (the message names the item and field)' })
  replaceCashflows(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Body(new BoundedArrayPipe(CashflowDto, MAX_CASHFLOWS, isCertainlyValidCashflow))
    body: CashflowDto[],
  ): Promise<CashflowView[]> {
    return this.projects.replaceCashflows(caller.tenant.id, id, body);
  }
}
