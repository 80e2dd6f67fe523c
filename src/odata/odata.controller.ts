import { Controller, Get, Header, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiSurface, Authenticated } from '../auth/auth.decorators';
import { ODataExceptionFilter } from '../common/exception-filters';

export const ENTITY_SETS = ['Projects', 'Cashflows'];

/** OData v4 feed (SPEC 5): Basic with an API key or a Local password; needs Data/Read. */
@ApiTags('OData')
@ApiSurface('odata')
@UseFilters(ODataExceptionFilter)
@Controller(':tenant/odata')
export class ODataController {
  /** The service document. */
  @Get()
  @Authenticated({ credentials: ['api-key', 'password'], role: 'Data/Read' })
  @Header('OData-Version', '4.0')
  @Header('Content-Type', 'application/json;odata.metadata=minimal;charset=utf-8')
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'OData service document' })
  serviceDocument(): object {
    return {
      '@odata.context': `$metadata`,
      value: ENTITY_SETS.map((name) => ({ name, kind: 'EntitySet', url: name })),
    };
  }
}
