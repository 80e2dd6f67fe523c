import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../access/api-errors.decorator';
import { Authenticated, CurrentCaller, RoutePolicy } from '../access/auth.decorators';
import { Caller } from '../access/caller';
import { BodyLimit } from '../core/http/body-limit';
import { keysWorthValidating } from '../core/validation/unknown-properties';
import { BoundedArrayPipe } from '../core/validation/bounded-array.pipe';
import { IdParam } from '../core/http/id-param';
import { CASHFLOW_BODY_LIMIT, CashflowDto, isCertainlyValidCashflow, MAX_CASHFLOWS, ProjectDto, ProjectListQueryDto } from './dto/project.dto';
import { CashflowView, ProjectView } from './dto/project-view.dto';
import { ProjectsService } from './projects.service';

const READ: Partial<RoutePolicy> = { credentials: ['session', 'api-key'], role: 'Data/Read' };
const WRITE: Partial<RoutePolicy> = { credentials: ['session', 'api-key'], role: 'Data/Write' };

/** Planning data (SPEC 6): Data/Read to read, Data/Write to change; API keys accepted. */
@ApiTags('Planning data')
@ApiErrors({ 404: 'Unknown tenant or project' })
@Controller(':tenant/api/v1/projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  /**
   * List projects.
   *
   * @remarks Projects ordered by id, at most `limit` (default 1000) of them, those with an id
   * greater than `afterId`: pass the last id of a page to get the next one.
   * Credentials: a website session, or an API key as `Authorization: Bearer` or as Basic with an allowed key name (e.g. FeedKey) and the key.
   * Needs the role Data/Read. 400 when limit or afterId is not a valid integer.
   */
  @Get()
  @ApiOperation({ operationId: 'listProjects' })
  @ApiOkResponse({ type: [ProjectView] })
  @Authenticated(READ)
  @ApiErrors({ 400: 'limit or afterId is not a valid integer' })
  list(@CurrentCaller() caller: Caller, @Query() query: ProjectListQueryDto): Promise<ProjectView[]> {
    return this.projects.list(caller.tenant.id, query.limit ?? 1000, query.afterId ?? 0);
  }

  /**
   * Create a project.
   *
   * @remarks Creates a project; the server assigns its id and updatedAt. Amounts are JSON numbers
   * with at most 2 decimals.
   * Credentials: a website session, or an API key as `Authorization: Bearer` or as Basic with an allowed key name (e.g. FeedKey) and the key.
   * Needs the role Data/Write. 201 with the project; 400 names the invalid field.
   */
  @Post()
  @ApiOperation({ operationId: 'createProject' })
  @ApiCreatedResponse({ type: ProjectView })
  @Authenticated(WRITE)
  @ApiErrors({ 400: 'Invalid body (the message names the field)' })
  create(@CurrentCaller() caller: Caller, @Body() body: ProjectDto): Promise<ProjectView> {
    return this.projects.create(caller.tenant.id, body);
  }

  /**
   * Get a project.
   *
   * @remarks One project by id.
   * Credentials: a website session, or an API key as `Authorization: Bearer` or as Basic with an allowed key name (e.g. FeedKey) and the key.
   * Needs the role Data/Read. 404 when the project does not exist in this tenant.
   */
  @Get(':id')
  @ApiOperation({ operationId: 'getProject' })
  @ApiOkResponse({ type: ProjectView })
  @Authenticated(READ)
  @ApiErrors({ 400: 'id is not a positive integer' })
  get(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<ProjectView> {
    return this.projects.get(caller.tenant.id, id);
  }

  /**
   * Replace a project.
   *
   * @remarks Replaces every field of the project (its cashflows stay).
   * Credentials: a website session, or an API key as `Authorization: Bearer` or as Basic with an allowed key name (e.g. FeedKey) and the key.
   * Needs the role Data/Write. 200 with the project; 400 names the invalid field; 404 when the
   * project does not exist.
   */
  @Put(':id')
  @ApiOperation({ operationId: 'replaceProject' })
  @ApiOkResponse({ type: ProjectView })
  @Authenticated(WRITE)
  @ApiErrors({ 400: 'Invalid body (the message names the field) or id' })
  replace(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() body: ProjectDto): Promise<ProjectView> {
    return this.projects.replace(caller.tenant.id, id, body);
  }

  /**
   * Delete a project.
   *
   * @remarks Deletes the project and its cashflows.
   * Credentials: a website session, or an API key as `Authorization: Bearer` or as Basic with an allowed key name (e.g. FeedKey) and the key.
   * Needs the role Data/Write. 204 when deleted; 404 when the project does not exist.
   */
  @Delete(':id')
  @ApiOperation({ operationId: 'deleteProject' })
  @HttpCode(204)
  @Authenticated(WRITE)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors({ 400: 'id is not a positive integer' })
  delete(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<void> {
    return this.projects.delete(caller.tenant.id, id);
  }

  /**
   * List a project's cashflows.
   *
   * @remarks The project's yearly cashflows, ordered by year.
   * Credentials: a website session, or an API key as `Authorization: Bearer` or as Basic with an allowed key name (e.g. FeedKey) and the key.
   * Needs the role Data/Read. 404 when the project does not exist.
   */
  @Get(':id/cashflows')
  @ApiOperation({ operationId: 'listProjectCashflows' })
  @ApiOkResponse({ type: [CashflowView] })
  @Authenticated(READ)
  @ApiErrors({ 400: 'id is not a positive integer' })
  cashflows(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<CashflowView[]> {
    return this.projects.getCashflows(caller.tenant.id, id);
  }

  /**
   * Replace a project's cashflows.
   *
   * @remarks Replaces the project's cashflows with the given array (one item per year, at most
   * 301), in one transaction: on any error nothing changes.
   * Credentials: a website session, or an API key as `Authorization: Bearer` or as Basic with an allowed key name (e.g. FeedKey) and the key.
   * Needs the role Data/Write. 200 with the stored cashflows; 400 names the invalid item and field.
   */
  @Put(':id/cashflows')
  @ApiOperation({ operationId: 'replaceProjectCashflows' })
  @ApiOkResponse({ type: [CashflowView] })
  @Authenticated(WRITE)
  @ApiBody({ type: [CashflowDto], description: `At most ${MAX_CASHFLOWS} items (one per year)` })
  @BodyLimit(CASHFLOW_BODY_LIMIT, { keys: keysWorthValidating(CashflowDto) })
  @ApiErrors({ 400: 'Invalid array (the message names the item and field)' })
  replaceCashflows(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Body(new BoundedArrayPipe(CashflowDto, MAX_CASHFLOWS, isCertainlyValidCashflow))
    body: CashflowDto[],
  ): Promise<CashflowView[]> {
    return this.projects.replaceCashflows(caller.tenant.id, id, body);
  }
}
