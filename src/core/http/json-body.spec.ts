import { countTurns } from '../../../test/support/event-loop-turns';
import { bodyLimitConfig } from './body-limit';
import { boundedJsonParser, formFields, jsonShapeViolation, OWN_TURN_BYTES } from './json-body';

describe('jsonShapeViolation', () => {
  const bounds = { depth: 3, keys: 2, items: 3 };

  it('accepts what is within the bounds, whatever is inside strings', () => {
    expect(jsonShapeViolation('{"a":[1,2,3],"b":{"c":"[[[[,,,,{{{"}}', bounds)).toBeNull();
    expect(jsonShapeViolation('"\\"[[[[[["', bounds)).toBeNull();
    expect(jsonShapeViolation('[[[]]]', bounds)).toBeNull();
  });

  it('names the bound exceeded: depth, keys per object, items per array', () => {
    expect(jsonShapeViolation('[[[[]]]]', bounds)).toMatch(/deeper than 3/);
    expect(jsonShapeViolation('{"a":1,"b":2,"c":3}', bounds)).toMatch(/more than 2 keys/);
    expect(jsonShapeViolation('[1,2,3,4]', bounds)).toMatch(/more than 3 items/);
    // Counts are per container: two small objects in one array are fine.
    expect(jsonShapeViolation('[{"a":1,"b":2},{"a":1,"b":2}]', bounds)).toBeNull();
  });

  it('stays linear on hostile input (200,000 keys, 100,000 levels)', () => {
    const wide = '{' + Array.from({ length: 200_000 }, (_, i) => `"k${i}":1`).join(',') + '}';
    expect(jsonShapeViolation(wide)).toMatch(/more than 200 keys/);
    expect(jsonShapeViolation('['.repeat(100_000))).toMatch(/deeper than 16/);
  });
});

type Done = (error: Error | null, value?: unknown) => void;
type Parser = (req: unknown, body: Buffer, done: Done) => void;
/** A Fastify request as the parser sees it: a route without its own bounds. */
const route = { routeOptions: { config: {} } };
const plain = (_req: unknown, body: Buffer, done: Done) => done(null, JSON.parse(body.toString()));

describe('boundedJsonParser', () => {
  const parse = (text: string) =>
    new Promise<{ error: Error | null; value?: unknown }>((resolve) => {
      const parser = boundedJsonParser(plain as never) as unknown as Parser;
      parser.call({}, route, Buffer.from(text), (error, value) => resolve({ error, value }));
    });

  it('refuses a "constructor" key anywhere, also when written with \\u escapes', async () => {
    for (const text of ['{"a":[{"constructor":1}]}', '{"constr\\u0075ctor":1}', '[{"b":{"\\u0063onstructor":{}}}]']) {
      expect([text, (await parse(text)).error?.message]).toEqual([text, 'JSON property names may not be "constructor"']);
    }
  });

  it('refuses a "__proto__" key anywhere, naming it, also when written with \\u escapes', async () => {
    for (const text of ['{"__proto__":{"admin":true}}', '[{"a":{"__pr\\u006fto__":1}}]']) {
      expect([text, (await parse(text)).error?.message]).toEqual([text, 'JSON property names may not be "__proto__"']);
    }
  });

  it('passes other bodies through, "constructor" as a value included', async () => {
    expect(await parse('{"a":"constructor","b":"\\u0041"}')).toEqual({ error: null, value: { a: 'constructor', b: 'A' } });
  });

  it('refuses lone surrogates in values and property names, naming where; keeps surrogate pairs', async () => {
    expect((await parse('{"a":[{"b":"x\\ud800"}]}')).error?.message).toBe('a[0].b must be well-formed Unicode text (it holds a lone surrogate)');
    expect((await parse('"\\udc00"')).error?.message).toBe('The body must be well-formed Unicode text (it holds a lone surrogate)');
    expect((await parse('{"r":{"\\ud83d":1}}')).error?.message).toBe('The property name at r must be well-formed Unicode text (it holds a lone surrogate)');
    expect(await parse('{"a":"\\ud83d\\ude00"}')).toEqual({ error: null, value: { a: '\u{1F600}' } });
  });

  it('refuses bytes that are not UTF-8, and takes UTF-8 text as it is', async () => {
    const parser = boundedJsonParser(plain as never) as unknown as Parser;
    const parseBytes = (bytes: Buffer) =>
      new Promise<{ error: Error | null; value?: unknown }>((resolve) => parser.call({}, route, bytes, (error, value) => resolve({ error, value })));
    expect((await parseBytes(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]))).error?.message).toBe('The body must be UTF-8 encoded JSON');
    expect(await parseBytes(Buffer.from('{"a":"Ren\u00e9e"}'))).toEqual({ error: null, value: { a: 'Ren\u00e9e' } });
  });

  it('parses a small body at once, and large ones each on a turn of the event loop of its own', async () => {
    const parser = boundedJsonParser(plain as never) as unknown as Parser;
    const turns = countTurns();
    let small: unknown;
    parser.call({}, route, Buffer.from('{"a":1}'), (_e, value) => (small = value));
    expect(small).toEqual({ a: 1 });
    // Three large bodies that arrived together: none is parsed in this turn, and no two in one.
    const large = Buffer.from(JSON.stringify({ a: 'x'.repeat(OWN_TURN_BYTES) }));
    const parsedIn: number[] = [];
    const parsed = [1, 2, 3].map(() => new Promise<void>((resolve) => parser.call({}, route, large, () => resolve(void parsedIn.push(turns.turn())))));
    expect(parsedIn).toEqual([]);
    await Promise.all(parsed);
    turns.stop();
    expect(new Set(parsedIn).size).toBe(3);
  });
});

describe("a route's own key bound (BodyLimit keys)", () => {
  const SMALL = 16 * 1024;
  const parseOn = (shape: { keys?: number }, text: string) =>
    new Promise<{ error: Error | null; value?: unknown }>((resolve) => {
      const config = bodyLimitConfig(SMALL, shape);
      const parser = boundedJsonParser(plain as never) as unknown as Parser;
      parser.call({}, { routeOptions: { config } }, Buffer.from(text), (error, value) => resolve({ error, value }));
    });
  const object = (keys: number) => JSON.stringify(Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, i])));

  it('refuses a wider object before it is parsed, at any depth, and keeps the other bounds', async () => {
    expect((await parseOn({ keys: 12 }, object(12))).error).toBeNull();
    expect((await parseOn({ keys: 12 }, object(13))).error?.message).toBe('JSON object with more than 12 keys');
    expect((await parseOn({ keys: 12 }, `[${object(2)},${object(13)}]`)).error?.message).toMatch(/more than 12 keys/);
    expect((await parseOn({ keys: 12 }, '['.repeat(17) + ']'.repeat(17))).error?.message).toMatch(/deeper than 16/);
    // Routes without one keep the parser's bound.
    expect((await parseOn({}, object(200))).error).toBeNull();
    expect((await parseOn({}, object(201))).error?.message).toMatch(/more than 200 keys/);
  });

  it("never widens the parser's own bound", async () => {
    expect((await parseOn({ keys: 10_000 }, object(201))).error?.message).toMatch(/more than 200 keys/);
  });
});

describe('formFields', () => {
  it('counts the pairs querystring would parse', () => {
    expect(formFields('')).toBe(0);
    expect(formFields('a=1')).toBe(1);
    expect(formFields('a=1&b=2&a=3')).toBe(3);
    expect(formFields('a=1&&')).toBe(3);
  });
});
