// OData answers for errors raised below the Nest application: Fastify's own URL errors
// (malformed percent-encoding, a path parameter too long) and Node's HTTP parser errors
// (request line or headers too long). Power Query reads any non-OData error as a broken
// feed, so requests below /{tenant}/odata get OData-Version and the OData error body here
// too; other requests keep Fastify's default answers.
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { errorCodes } from 'fastify';
import type { ConnectionError, FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** `/{tenant}/odata`, `/{tenant}/odata/...` or `/{tenant}/odata?...`. */
const ODATA_URL = /^\/[^/?#]+\/odata(?:[/?#]|$)/;

export function isODataUrl(url: string | undefined): boolean {
  return url !== undefined && ODATA_URL.test(url);
}

export function odataErrorJson(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/** Fastify `frameworkErrors`: URL errors found while routing, before any handler or guard. */
export function frameworkErrors(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : (error.statusCode ?? 400);
  if (!isODataUrl(req.raw.url)) {
    void reply.status(status).send({ error: STATUS_CODES[status], code: error.code, message: error.message, statusCode: status });
    return;
  }
  const message = status === 414 ? 'The request URL is too long' : 'Malformed percent-encoding in the request URL';
  void reply
    .status(status)
    .header('OData-Version', '4.0')
    .header('Content-Type', 'application/json; charset=utf-8')
    .send(odataErrorJson(status === 414 ? 'URITooLong' : 'BadRequest', message));
}

/** The request target of a raw HTTP/1.x packet, if its request line is readable. */
function requestTarget(raw: unknown): string | undefined {
  // Node hands over a Buffer (the typings describe its JSON form).
  if (!Buffer.isBuffer(raw)) return undefined;
  const head = raw.subarray(0, 4096).toString('latin1');
  return /^[A-Z]{3,10} (\S+)/.exec(head)?.[1];
}

/**
 * Fastify `clientErrorHandler` (Node's `clientError`): a request Node could not parse.
 * A request line or header block over Node's limit (16 KiB) is HPE_HEADER_OVERFLOW; for
 * OData URLs that is answered 414 URI Too Long with the OData body, since it is almost
 * always a huge $filter. The connection is closed afterwards, as Node does.
 */
export function clientErrorHandler(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const overflow = error.code === 'HPE_HEADER_OVERFLOW';
  const timeout = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  let status = timeout ? 408 : overflow ? 431 : 400;
  let headers = 'Content-Type: application/json';
  let body: string;
  if (isODataUrl(requestTarget(error.rawPacket))) {
    if (overflow) status = 414;
    headers = 'Content-Type: application/json; charset=utf-8\r\nOData-Version: 4.0';
    const message = overflow ? 'The request URL or headers are too long' : timeout ? 'Request timeout' : 'Malformed HTTP request';
    body = odataErrorJson(STATUS_CODES[status]!.replace(/ /g, ''), message);
  } else {
    const message = overflow ? 'Exceeded maximum allowed HTTP header size' : timeout ? 'Client Timeout' : 'Client Error';
    body = JSON.stringify({ error: STATUS_CODES[status], message, statusCode: status });
  }
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${headers}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

/**
 * Fastify catch-all body parser: a body of a type nobody parses (a `$batch` in
 * multipart/mixed, say) sent to the OData feed is ignored, so the request reaches the
 * guard and then the 405/501 answer; every other route keeps Fastify's 415.
 */
export function unparsedBody(req: FastifyRequest, _payload: unknown, done: (error: Error | null, body?: unknown) => void): void {
  if (isODataUrl(req.raw.url)) done(null, undefined);
  else done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE());
}

/**
 * A database error the client's own query caused: integer arithmetic out of range (MySQL
 * error 1690 for `Id mul 9007199254740991 mul ...`, SQLite's "integer overflow" in SUM).
 * The OData filter answers these with 400 instead of a 500.
 */
export function queryOverflowMessage(exception: unknown): string | null {
  const e = exception as { name?: string; message?: string; driverError?: { code?: string; errno?: number; message?: string } };
  if (e?.name !== 'QueryFailedError') return null;
  const driver = e.driverError ?? {};
  if (driver.code === 'ER_DATA_OUT_OF_RANGE' || driver.errno === 1690 || /integer overflow/i.test(driver.message ?? e.message ?? '')) {
    return 'arithmetic overflow: a value of the expression is out of range';
  }
  return null;
}
