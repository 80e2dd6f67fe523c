// Node's AsyncResource.prototype.bind (Node 20 to 24) defines the deprecated `asyncResource`
// property (DEP0172) of every bound function as a getter and a setter, each wrapped by
// util.deprecate on every call. That costs about 5 KB of allocation per bind, and it keeps
// what the bound function holds alive through the young-generation collections until the
// next full one: in a loop, a quarter of everything allocated was promoted to the old
// generation. Fastify binds one function per request that has a body (its content-type
// parser's done callback, which holds the request, the reply and the parsed body), so under
// a load of large bodies each one was copied into the old generation, the heap grew by
// megabytes between full collections and the collections' pauses were the server's longest
// event-loop stalls (issue 10: with a 16 KiB sign-in body, 37 KB promoted per request before,
// 1 KB after, and half as many requests again a second).
//
// The replacement keeps what bind promises: the function runs in the resource's async
// context (runInAsyncScope), with the caller's `this` or the given thisArg, has the original
// function's length, and still carries `asyncResource` (a plain property instead of the
// deprecation-warning accessors).
import { AsyncResource } from 'node:async_hooks';

type Bindable = (this: unknown, ...args: unknown[]) => unknown;

export function cheapBind(this: AsyncResource, fn: Bindable, thisArg?: unknown): Bindable {
  if (typeof fn !== 'function') throw new TypeError(`The "fn" argument must be of type function. Received ${typeof fn}`);
  const run = this.runInAsyncScope.bind(this) as (fn: Bindable, thisArg: unknown, ...args: unknown[]) => unknown;
  const bound: Bindable =
    thisArg === undefined
      ? function (this: unknown, ...args: unknown[]) {
          return run(fn, this, ...args);
        }
      : (...args: unknown[]) => run(fn, thisArg, ...args);
  Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, writable: false, value: fn.length });
  Object.defineProperty(bound, 'asyncResource', { configurable: true, enumerable: true, writable: true, value: this });
  return bound;
}

/** Installs the cheaper bind on AsyncResource (AsyncResource.bind uses it too). Idempotent. */
export function installCheapAsyncResourceBind(): void {
  (AsyncResource.prototype as unknown as { bind: typeof cheapBind }).bind = cheapBind;
}
