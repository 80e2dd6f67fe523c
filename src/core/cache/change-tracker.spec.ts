import { DataSource } from 'typeorm';
import { ChangeTracker, GenerationCache } from './change-tracker';

const tracker = () => new ChangeTracker({ subscribers: [] } as unknown as DataSource);
const event = (tableName: string) => ({ metadata: { tableName } }) as never;

describe('ChangeTracker', () => {
  it('moves on writes to authentication tables and on commits, not on other tables', async () => {
    const t = tracker();
    await t.afterUpdate(event('users'));
    await t.afterInsert(event('workgroup_member'));
    await t.afterRemove(event('api_key'));
    expect(t.generation).toBe(3);
    // Sessions are cached too: signing out, locking and password changes write the session table.
    await t.afterRemove(event('session'));
    expect(t.generation).toBe(4);
    await t.afterInsert(event('audit_event'));
    await t.afterUpdate(event('project'));
    expect(t.generation).toBe(4);
    await t.afterTransactionCommit({ queryRunner: {} } as never);
    expect(t.generation).toBe(5);
  });

  it('tells the other processes of a watched write once its transaction commits, and of one outside a transaction at once', async () => {
    const t = tracker();
    let published = 0;
    t.broadcastTo({ publish: async () => void published++ });
    const inTransaction = { isTransactionActive: true };
    const written = (tableName: string, queryRunner: object) => ({ metadata: { tableName }, queryRunner }) as never;
    await t.afterUpdate(written('users', inTransaction));
    expect(published).toBe(0);
    await t.afterTransactionCommit({ queryRunner: inTransaction } as never);
    expect(published).toBe(1);
    await t.afterTransactionCommit({ queryRunner: inTransaction } as never);
    await t.afterInsert(written('audit_event', { isTransactionActive: false }));
    expect(published).toBe(1);
    await t.afterRemove(written('api_key', { isTransactionActive: false }));
    expect(published).toBe(2);
    const before = t.generation;
    t.changed(); // a message from another process moves the generation without publishing
    expect(t.generation).toBe(before + 1);
    expect(published).toBe(2);
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
