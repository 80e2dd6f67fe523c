import { formatEta, SeedProgress } from './seed-progress';

describe('seed progress', () => {
  it('formats an ETA in seconds, minutes or hours', () => {
    expect(formatEta(12.4)).toBe('12 s');
    expect(formatEta(200)).toBe('3 min 20 s');
    expect(formatEta(7380)).toBe('2 h 03 min');
    expect(formatEta(-1)).toBe('0 s');
  });

  it('writes a plain line every few seconds even when a tenth takes longer, with the rate of this run', () => {
    let clock = 0;
    const lines: string[] = [];
    const progress = new SeedProgress({ isTTY: false, write: (s) => lines.push(s) }, () => clock);
    // A resumed load: 500 of 1000 were there; 10 more every 2 s, so 5 per second.
    for (let projects = 510; projects <= 560; projects += 10) {
      clock += 2000;
      progress.report({ projects, total: 1000, loaded: projects - 500, cashflows: (projects - 500) * 50 });
    }
    // The first report (the first tenth past the start), then one 6 s later; 51% to 56% crosses no other tenth.
    expect(lines).toEqual([
      'seed: 51% 510/1000 projects, 500 cashflows, 250 rows/s, ETA 1 min 38 s\n',
      'seed: 54% 540/1000 projects, 2000 cashflows, 250 rows/s, ETA 1 min 32 s\n',
    ]);
  });
});
