/**
 * Runs tasks with the same key one after another in this process. TypeORM's SQLite driver has
 * one connection, so two transactions started together would interleave on it; this keeps
 * the ones that must not overlap apart (on MySQL a row lock does the same across processes).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
