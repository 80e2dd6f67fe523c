import { DataSource } from 'typeorm';
import { ChangeTracker, GenerationCache } from './change-tracker';

const tracker = () => new ChangeTracker({ subscribers: [] } as unknown as DataSource);
const event = (tableName: string) => ({ metadata: { tableName } }) as never;

describe('ChangeTracker', () => {
  it('moves on writes to authentication tables, not on other tables', async () => {
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
  });

  it('moves again when a transaction that wrote a watched table commits, and not for other transactions', async () => {
    const t = tracker();
    const written = (tableName: string, queryRunner: object) => ({ metadata: { tableName }, queryRunner }) as never;
    // A cashflow PUT: its commit leaves every cache as it is.
    const planning = { isTransactionActive: true };
    await t.afterInsert(written('cashflow', planning));
    await t.afterTransactionCommit({ queryRunner: planning } as never);
    expect(t.generation).toBe(0);
    // A lock: once at the write, once at the commit (a row read on another connection meanwhile was the old one).
    const lock = { isTransactionActive: true };
    await t.afterUpdate(written('users', lock));
    expect(t.generation).toBe(1);
    await t.afterTransactionCommit({ queryRunner: lock } as never);
    expect(t.generation).toBe(2);
    // Rolled back: nothing to forget at a later commit of the same runner.
    const rolledBack = { isTransactionActive: true };
    await t.afterUpdate(written('users', rolledBack));
    t.afterTransactionRollback({ queryRunner: rolledBack } as never);
    await t.afterTransactionCommit({ queryRunner: rolledBack } as never);
    expect(t.generation).toBe(3);
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
