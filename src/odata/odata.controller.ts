import { Controller, Delete, Get, Inject, Patch, Post, Put, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiODataErrors } from '../access/api-errors.decorator';
import { FastifyReply } from 'fastify';
import { ApiSurface, ODataAuthenticated } from '../access/auth.decorators';
import { AuthenticatedRequest } from '../access/request';
import { notFound } from '../core/errors/domain-error';
import { ODataExceptionFilter } from './odata-exception.filter';
import { APP_CONFIG, AppConfig } from '../core/config/app-config';
import { serverBaseUrl } from '../core/http/server-origin';
import { DEFAULT_PAGE_SIZE, parseResourcePath, preferredPageSize, versionHeadersProblem } from './odata-request';
import { compress, MIN_COMPRESSED_BYTES, negotiateEncoding } from './odata-compression';
import { ODataService } from './odata.service';
import { callerKey } from './odata-prefetch';
import { ODataErrorCode } from './query/odata-errors';
import { ODataMethodNotAllowedError, ODataNotImplementedError, ODataSyntaxError } from './query/odata-errors';

const JSON_TYPE = 'application/json;odata.metadata=minimal;charset=utf-8';
/** CSDL JSON 4.01 §2.1: application/json; its parameters (IEEE754Compatible, metadata) change nothing in this document. */
const METADATA_TYPES = { xml: 'application/xml;charset=utf-8', json: 'application/json' } as const;

/**
 * OData v4 feed (SPEC 5): Basic with an API key or a Local password; needs Data/Read.
 * Fastify cannot route `Projects(1)`, so everything below /odata/ goes through one wildcard
 * route whose resource path is resolved by parseResourcePath. The global guard has
 * authenticated the caller before any of this runs (authentication before parsing).
 */
@ApiTags('OData')
@ApiSurface('odata')
@UseFilters(ODataExceptionFilter)
@Controller(':tenant/odata')
export class ODataController {
  constructor(
    private readonly odata: ODataService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Get the OData service document.
   *
   * @remarks The OData v4 service document listing the entity sets (Projects, Cashflows). The feed's
   * resources ($metadata, entity sets, single entities, $count, query options) live below
   * /{tenant}/odata/ and are described by its CSDL $metadata, not here.
   * Credentials: Basic with an allowed key name (e.g. FeedKey) and an API key, or a Local
   * account's loginId and password. Needs the role Data/Read. Errors have the OData error body.
   */
  @Get()
  @ApiOperation({ operationId: 'getODataServiceDocument' })
  @ODataAuthenticated()
  @ApiODataErrors({ 404: 'Unknown tenant' })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'OData service document; entity sets, $metadata and queries live below /{tenant}/odata/' })
  serviceDocument(@Req() req: AuthenticatedRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.resource(req, reply);
  }

  /** $metadata, entity sets, /$count and single entities. */
  @Get('*')
  @ODataAuthenticated()
  @ApiExcludeEndpoint()
  async resource(@Req() req: AuthenticatedRequest, @Res() reply: FastifyReply): Promise<void> {
    const url = req.url;
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    // Path segments: '', tenant, 'odata', resource path...
    const segments = path.split('/');
    const serviceRoot = `${serverBaseUrl(req, this.config)}/${segments[1]}/odata/`;
    const tenantId = req.urlTenant!.id;
    const resource = parseResourcePath(segments.slice(3).join('/'));

    reply.header('OData-Version', '4.0');
    const versionProblem = versionHeadersProblem(req.headers);
    if (versionProblem) throw new ODataSyntaxError(versionProblem, 0);
    switch (resource.kind) {
      case 'service':
        return this.sendJson(req, reply, this.odata.serviceDocument(serviceRoot));
      case 'metadata': {
        // XML whatever the Accept header says (Power Query prefers JSON and breaks on JSON CSDL,
        // SPEC 9); CSDL JSON only when $format asks for it.
        const document = this.odata.metadata(rawQuery);
        return this.send(req, reply, METADATA_TYPES[document.format], document.text);
      }
      case 'count': {
        const count = await this.odata.count(tenantId, resource.set, rawQuery, resource.via);
        void reply.header('Content-Type', 'text/plain;charset=utf-8').send(String(count));
        return;
      }
      case 'entity':
        return this.sendJson(req, reply, await this.odata.entity(tenantId, resource.set, resource.key, rawQuery, serviceRoot));
      case 'related':
        return this.sendJson(req, reply, await this.odata.related(tenantId, resource.set, resource.via, rawQuery, serviceRoot));
      case 'collection': {
        const preferred = preferredPageSize(req.headers.prefer);
        const page = await this.odata.collection({
          tenantId,
          set: resource.set,
          via: resource.via,
          rawQuery,
          serviceRoot,
          pageSize: preferred ?? DEFAULT_PAGE_SIZE,
          caller: callerKey(req.caller!),
        });
        if (preferred !== null) reply.header('Preference-Applied', `odata.maxpagesize=${page.pageSize}`);
        return this.sendJson(req, reply, page.body);
      }
      case 'not-found':
        throw notFound(ODataErrorCode.ResourceNotFound, resource.message);
    }
  }

  /**
   * The feed is read-only: other methods are 405 with `Allow`, after authentication (the
   * guard runs first). `$batch` is valid OData we do not serve, so it is a 501 instead.
   */
  @Post(['/', '*'])
  @ODataAuthenticated()
  @ApiExcludeEndpoint()
  post(@Req() req: AuthenticatedRequest): never {
    return this.refuseMethod(req);
  }

  @Put(['/', '*'])
  @ODataAuthenticated()
  @ApiExcludeEndpoint()
  put(@Req() req: AuthenticatedRequest): never {
    return this.refuseMethod(req);
  }

  @Patch(['/', '*'])
  @ODataAuthenticated()
  @ApiExcludeEndpoint()
  patch(@Req() req: AuthenticatedRequest): never {
    return this.refuseMethod(req);
  }

  @Delete(['/', '*'])
  @ODataAuthenticated()
  @ApiExcludeEndpoint()
  delete(@Req() req: AuthenticatedRequest): never {
    return this.refuseMethod(req);
  }

  private refuseMethod(req: AuthenticatedRequest): never {
    const path = req.url.split('?')[0];
    if (/\/odata\/\$batch\/?$/.test(path)) throw new ODataNotImplementedError('$batch is not supported; send each request on its own');
    throw new ODataMethodNotAllowedError(req.method);
  }

  private sendJson(req: AuthenticatedRequest, reply: FastifyReply, body: object): Promise<void> {
    return this.send(req, reply, JSON_TYPE, JSON.stringify(body));
  }

  /** Sends `text`, compressed when the client's Accept-Encoding asks for gzip or deflate. */
  private async send(req: AuthenticatedRequest, reply: FastifyReply, type: string, text: string): Promise<void> {
    const body = Buffer.from(text, 'utf8');
    reply.header('Content-Type', type).header('Vary', 'Accept-Encoding');
    const encoding = body.length >= MIN_COMPRESSED_BYTES ? negotiateEncoding(req.headers['accept-encoding']) : null;
    if (!encoding) return void reply.send(body);
    void reply.header('Content-Encoding', encoding).send(await compress(body, encoding));
  }
}
