// One place that documents error answers in the OpenAPI document: each status with what it
// means on that route, the surface's error body schema and an example body, so a generated
// client knows the shape of every 4xx and 5xx.
import { DECORATORS } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { ErrorBody, ODataErrorBody } from '../core/errors/error-body.dto';

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429 | 501 | 503;
/** Status → what it means on this route (a sentence for the reader, also the example's message). */
export type ErrorDescriptions = Partial<Record<ErrorStatus, string>>;

const reason = (status: number) => STATUS_CODES[status] ?? 'Error';

function errorResponses(body: typeof ErrorBody | typeof ODataErrorBody, example: (status: number, message: string) => object, errors: ErrorDescriptions) {
  // Written directly, not through ApiResponse: that one concatenates the descriptions of a
  // status documented twice, where the later (more specific) description should replace.
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    const holder = (descriptor?.value as object | undefined) ?? target;
    const responses = { ...((Reflect.getMetadata(DECORATORS.API_RESPONSE, holder) as Record<string, unknown> | undefined) ?? {}) };
    for (const [status, description] of Object.entries(errors)) {
      responses[status] = { description, type: body, isArray: false, example: example(Number(status), description) };
    }
    Reflect.defineMetadata(DECORATORS.API_RESPONSE, responses, holder);
  };
}

/** Web API error answers ({ statusCode, error, message }), e.g. `@ApiErrors({ 404: 'Unknown tenant or project' })`. */
export const ApiErrors = (errors: ErrorDescriptions): MethodDecorator & ClassDecorator =>
  errorResponses(ErrorBody, (statusCode, message) => ({ statusCode, error: reason(statusCode), message }), errors);

/** OData error answers ({ error: { code, message } }). */
export const ApiODataErrors = (errors: ErrorDescriptions): MethodDecorator & ClassDecorator =>
  errorResponses(ODataErrorBody, (status, message) => ({ error: { code: reason(status).replace(/ /g, ''), message } }), errors);
