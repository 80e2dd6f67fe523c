import { batchedLines } from './batched-lines';

const nextTurn = () => new Promise((r) => setImmediate(r));
const after = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('batched log lines', () => {
  it('writes the lines of one flush interval as one chunk, in order, each ending in a newline', async () => {
    const chunks: string[] = [];
    const line = batchedLines((c) => chunks.push(c), undefined, 20);
    line('one');
    line('two');
    await nextTurn();
    line('three'); // a later turn of the event loop, the same interval
    expect(chunks).toEqual([]);
    await after(40);
    expect(chunks).toEqual(['one\ntwo\nthree\n']);
    line('four');
    await after(40);
    expect(chunks).toEqual(['one\ntwo\nthree\n', 'four\n']);
  });

  it('writes at once when a turn has piled up 64 KiB', () => {
    const chunks: string[] = [];
    const line = batchedLines((c) => chunks.push(c));
    const long = 'x'.repeat(1023);
    for (let i = 0; i < 64; i++) line(long);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toHaveLength(64 * 1024);
  });
});
