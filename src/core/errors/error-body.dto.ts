// The two error bodies as the OpenAPI document describes them: the Web API's (SPEC 5,
// src/web-api/web-api-exception.filter.ts) and the OData feed's (src/odata/odata-exception.filter.ts).
// Both filters build their bodies as these types, so the document and the wire cannot drift.
import { ApiProperty } from '@nestjs/swagger';

/** The Web API error body: every 4xx and 5xx of /admin/api and /{tenant}/api/v1 (and sign-in). */
export class ErrorBody {
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status, repeated in the body.', example: 404 })
  statusCode: number;

  @ApiProperty({ description: "The status's reason phrase.", example: 'Not Found' })
  error: string;

  @ApiProperty({ description: 'What went wrong, for a person to read; for invalid input it names the field.', example: 'Project 42 not found' })
  message: string;
}

/** The inner object of an OData error body. */
export class ODataError {
  @ApiProperty({ description: 'A machine-readable error code.', example: 'resource-not-found' })
  code: string;

  @ApiProperty({ description: 'What went wrong, for a person to read.', example: "Unknown entity set 'Prjects'" })
  message: string;
}

/** The OData error body { "error": { "code", "message" } } of every 4xx and 5xx of /{tenant}/odata. */
export class ODataErrorBody {
  @ApiProperty({ type: () => ODataError })
  error: ODataError;
}
