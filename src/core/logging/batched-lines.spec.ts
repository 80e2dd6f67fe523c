import { batchedLines } from './batched-lines';

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('batched log lines', () => {
  it('writes the lines of one turn of the event loop as one chunk, in order, each ending in a newline', async () => {
    const chunks: string[] = [];
    const line = batchedLines((c) => chunks.push(c));
    line('one');
    line('two');
    line('three');
    expect(chunks).toEqual([]);
    await nextTurn();
    expect(chunks).toEqual(['one\ntwo\nthree\n']);
    line('four');
    await nextTurn();
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
