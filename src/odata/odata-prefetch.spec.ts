import { DataSource } from 'typeorm';
import { ChangeTracker } from '../core/cache/change-tracker';
import { PlanningDataVersion } from '../projects/planning-data-version';
import { ODataPrefetch, PREFETCH_TTL_MS } from './odata-prefetch';

const ROWS = [{ projectId: 1, year: 2030 }];

function setUp() {
  const dataSource = { subscribers: [], options: { type: 'mysql' } } as unknown as DataSource;
  const tracker = new ChangeTracker(dataSource);
  const version = new PlanningDataVersion();
  return { tracker, version, prefetch: new ODataPrefetch(tracker, version, dataSource) };
}

describe('ODataPrefetch', () => {
  afterEach(() => jest.restoreAllMocks());

  it('serves a page read ahead once, to the key it was read for', async () => {
    const { prefetch } = setUp();
    prefetch.start(1, 'a', () => Promise.resolve(ROWS));
    expect(await prefetch.take('b')).toBeNull();
    expect(await prefetch.take('a')).toBe(ROWS);
    expect(await prefetch.take('a')).toBeNull();
  });

  it('does not serve a page older than the TTL, or one whose read failed', async () => {
    const { prefetch } = setUp();
    const now = Date.now();
    prefetch.start(1, 'a', () => Promise.resolve(ROWS));
    jest.spyOn(Date, 'now').mockReturnValue(now + PREFETCH_TTL_MS);
    expect(await prefetch.take('a')).toBeNull();
    prefetch.start(1, 'b', () => Promise.reject(new Error('lost connection')));
    expect(await prefetch.take('b')).toBeNull();
  });

  it("drops a page on a watched change or a write to its tenant's planning data, also one that finishes while it is read", async () => {
    const { tracker, version, prefetch } = setUp();
    prefetch.start(1, 'a', () => Promise.resolve(ROWS));
    tracker.changed();
    expect(await prefetch.take('a')).toBeNull();

    prefetch.start(1, 'b', () => Promise.resolve(ROWS));
    prefetch.start(2, 'c', () => Promise.resolve(ROWS));
    await version.writing(1, () => Promise.resolve());
    expect(await prefetch.take('b')).toBeNull();
    expect(await prefetch.take('c')).toBe(ROWS); // another tenant's write leaves it

    let finish: (rows: typeof ROWS) => void = () => undefined;
    prefetch.start(1, 'd', () => new Promise((resolve) => (finish = resolve)));
    const taken = prefetch.take('d');
    await version.writing(1, () => Promise.resolve());
    finish(ROWS);
    expect(await taken).toBeNull();
  });
});
