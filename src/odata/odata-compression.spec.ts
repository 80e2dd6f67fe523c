import { gunzipSync, inflateSync } from 'node:zlib';
import { compress, negotiateEncoding } from './odata-compression';

describe('negotiateEncoding', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['gzip, deflate', 'gzip'],
    ['deflate, gzip', 'gzip'],
    ['deflate', 'deflate'],
    ['br', null],
    ['gzip;q=0.5, deflate', 'deflate'],
    ['gzip;q=0, deflate;q=0', null],
    ['*', 'gzip'],
    ['*;q=0', null],
    ['identity', null],
    ['GZIP', 'gzip'],
    ['x-gzip', 'gzip'],
    [['deflate', 'gzip;q=0.1'], 'deflate'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});

describe('compress', () => {
  it('round-trips with gzip and deflate', async () => {
    const body = Buffer.from(JSON.stringify({ value: Array.from({ length: 500 }, (_, i) => ({ Id: i, Name: `Field ${i}` })) }));
    expect(gunzipSync(await compress(body, 'gzip')).equals(body)).toBe(true);
    expect(inflateSync(await compress(body, 'deflate')).equals(body)).toBe(true);
    expect((await compress(body, 'gzip')).length).toBeLessThan(body.length / 4);
  });
});
