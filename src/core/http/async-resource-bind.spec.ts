import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { spawnSync } from 'node:child_process';
import { cheapBind, installCheapAsyncResourceBind } from './async-resource-bind';

const nodeBind = AsyncResource.prototype.bind;

/**
 * Runs, in a fresh Node process (no test runner's async hooks or heap in the way), what
 * Fastify does for every request with a body: a resource and a bound callback holding the
 * request, 100,000 times. Returns how much the old generation grew and how many full
 * (mark-compact) collections ran: objects that die young never reach either.
 */
function oldGenerationAfterBinds(bind: 'node' | 'cheap'): { grewMb: number; major: number } {
  const script = `
    const { AsyncResource } = require('node:async_hooks');
    const { PerformanceObserver, constants } = require('node:perf_hooks');
    const { getHeapSpaceStatistics } = require('node:v8');
    if (${JSON.stringify(bind)} === 'cheap') AsyncResource.prototype.bind = ${cheapBind.toString()};
    const oldSpace = () => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space').space_used_size;
    const run = (times) => {
      for (let i = 0; i < times; i++) {
        const request = { id: i, body: 'x'.repeat(2000) + i };
        new AsyncResource('content-type-parser:run').bind(() => request.body.length)();
      }
    };
    run(2000);
    let major = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;
    });
    observer.observe({ entryTypes: ['gc'] });
    const before = oldSpace();
    run(100000);
    const grewMb = (oldSpace() - before) / 1e6;
    setTimeout(() => console.log(JSON.stringify({ grewMb, major })), 50);
  `;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout) as { grewMb: number; major: number };
}

describe('AsyncResource.prototype.bind, replaced', () => {
  afterAll(() => {
    AsyncResource.prototype.bind = nodeBind;
  });

  it("shows why: with Node's bind what the bound function holds reaches the old generation", () => {
    const { grewMb, major } = oldGenerationAfterBinds('node');
    expect(major > 0 || grewMb > 20).toBe(true);
  });

  it('lets what a bound function holds die young: no full collection for 100,000 binds', () => {
    const { grewMb, major } = oldGenerationAfterBinds('cheap');
    expect({ major, grewUnder5Mb: grewMb < 5 }).toEqual({ major: 0, grewUnder5Mb: true });
  });

  it("runs the function in the resource's async context, with the caller's this or the given thisArg", () => {
    installCheapAsyncResourceBind();
    const storage = new AsyncLocalStorage<string>();
    const resource = storage.run('request 7', () => new AsyncResource('test'));
    const seen: unknown[] = [];
    const bound = resource.bind(function (this: unknown, a: number, b: number) {
      seen.push(storage.getStore(), this, a + b);
      return 'answer';
    });
    const holder = { bound };
    expect(storage.run('another request', () => holder.bound(1, 2))).toBe('answer');
    expect(seen).toEqual(['request 7', holder, 3]);

    const self = { name: 'self' };
    // Node's typings leave out bind's second argument; Node has it.
    const bindWithThis = resource.bind.bind(resource) as unknown as (fn: () => unknown, thisArg: unknown) => () => unknown;
    const withThis = bindWithThis(function (this: unknown) {
      return [storage.getStore(), this];
    }, self);
    expect(withThis()).toEqual(['request 7', self]);
    // The static form goes through the prototype's bind.
    const fromStatic = storage.run('request 8', () => AsyncResource.bind(() => storage.getStore()));
    expect(fromStatic()).toBe('request 8');
  });

  it("keeps the function's length and the asyncResource property, and refuses what is not a function", () => {
    installCheapAsyncResourceBind();
    const resource = new AsyncResource('test');
    const bound = resource.bind((a: number, b: number, c: number) => a + b + c);
    expect(bound.length).toBe(3);
    expect((bound as unknown as { asyncResource: AsyncResource }).asyncResource).toBe(resource);
    expect(() => resource.bind('not a function' as unknown as () => void)).toThrow(TypeError);
  });

  it('passes errors thrown by the function to the caller', () => {
    installCheapAsyncResourceBind();
    const bound = new AsyncResource('test').bind(() => {
      throw new RangeError('from inside');
    });
    expect(() => bound()).toThrow(RangeError);
  });
});
