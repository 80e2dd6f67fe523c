// The request a log line is written for. Set where the request id is assigned (the HTTP
// surface, src/observability) and read by the logger, so a warning written by a service deep
// below a controller carries the same reqId as the request's access log line and its
// X-Request-Id header, without passing the id through every call.
import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestContext {
  reqId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` (and everything it starts, sync or async) as part of request `reqId`. */
export function runInRequest<T>(reqId: string, work: () => T): T {
  return storage.run({ reqId }, work);
}

/** The id of the request being handled here, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.reqId;
}
