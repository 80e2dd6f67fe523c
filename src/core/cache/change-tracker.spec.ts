import { DataSource } from 'typeorm';
import { ChangeTracker, GenerationCache } from './change-tracker';

const tracker = () => new ChangeTracker({ subscribers: [] } as unknown as DataSource);
const event = (tableName: string) => ({ metadata: { tableName } }) as never;

describe('ChangeTracker', () => {
  it('moves on writes to authentication tables and on commits, not on other tables', () => {
    const t = tracker();
    t.afterUpdate(event('users'));
    t.afterInsert(event('workgroup_member'));
    t.afterRemove(event('api_key'));
    expect(t.generation).toBe(3);
    t.afterUpdate(event('session'));
    t.afterInsert(event('audit_event'));
    expect(t.generation).toBe(3);
    t.afterTransactionCommit();
    expect(t.generation).toBe(4);
  });
});

describe('GenerationCache', () => {
  it('serves a loaded value until the generation moves', async () => {
    const t = tracker();
    const cache = new GenerationCache<number>(t, 'test');
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.getOrLoad('k', load)).toBe(1);
    expect(await cache.getOrLoad('k', load)).toBe(1);
    t.changed();
    expect(await cache.getOrLoad('k', load)).toBe(2);
  });

  it('keeps nothing that was loaded while something changed', async () => {
    const t = tracker();
    const cache = new GenerationCache<string>(t, 'test');
    expect(await cache.getOrLoad('k', async () => (t.changed(), 'stale'))).toBe('stale');
    expect(await cache.getOrLoad('k', async () => 'fresh')).toBe('fresh');
  });

  it('forgets entries after the time to live', async () => {
    const t = tracker();
    const cache = new GenerationCache<string>(t, 'test', 10, 20);
    await cache.getOrLoad('k', async () => 'first');
    await new Promise((r) => setTimeout(r, 30));
    expect(await cache.getOrLoad('k', async () => 'second')).toBe('second');
  });

  it('caches null (an unknown key) as a value', async () => {
    const cache = new GenerationCache<string | null>(tracker(), 'test');
    let loads = 0;
    await cache.getOrLoad('k', async () => (loads++, null));
    expect(await cache.getOrLoad('k', async () => (loads++, 'x'))).toBeNull();
    expect(loads).toBe(1);
  });
});
