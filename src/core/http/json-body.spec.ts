import { countTurns } from '../../../test/support/event-loop-turns';
import { boundedJsonParser, jsonShapeViolation, OWN_TURN_BYTES } from './json-body';

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
const plain = (_req: unknown, body: Buffer, done: Done) => done(null, JSON.parse(body.toString()));

describe('boundedJsonParser', () => {
  const parse = (text: string) =>
    new Promise<{ error: Error | null; value?: unknown }>((resolve) => {
      const parser = boundedJsonParser(plain as never) as unknown as Parser;
      parser.call({}, {}, Buffer.from(text), (error, value) => resolve({ error, value }));
    });

  it('refuses a "constructor" key anywhere, also when written with \\u escapes', async () => {
    for (const text of ['{"a":[{"constructor":1}]}', '{"constr\\u0075ctor":1}', '[{"b":{"\\u0063onstructor":{}}}]']) {
      expect([text, (await parse(text)).error?.message]).toEqual([text, 'JSON property names may not be "constructor"']);
    }
  });

  it('passes other bodies through, "constructor" as a value included', async () => {
    expect(await parse('{"a":"constructor","b":"\\u0041"}')).toEqual({ error: null, value: { a: 'constructor', b: 'A' } });
  });

  it('parses a small body at once, and large ones each on a turn of the event loop of its own', async () => {
    const parser = boundedJsonParser(plain as never) as unknown as Parser;
    const turns = countTurns();
    let small: unknown;
    parser.call({}, {}, Buffer.from('{"a":1}'), (_e, value) => (small = value));
    expect(small).toEqual({ a: 1 });
    // Three large bodies that arrived together: none is parsed in this turn, and no two in one.
    const large = Buffer.from(JSON.stringify({ a: 'x'.repeat(OWN_TURN_BYTES) }));
    const parsedIn: number[] = [];
    const parsed = [1, 2, 3].map(() => new Promise<void>((resolve) => parser.call({}, {}, large, () => resolve(void parsedIn.push(turns.turn())))));
    expect(parsedIn).toEqual([]);
    await Promise.all(parsed);
    turns.stop();
    expect(new Set(parsedIn).size).toBe(3);
  });
});
