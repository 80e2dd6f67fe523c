// The little of better-sqlite3 the driver worker uses (the package ships no types).
declare module 'better-sqlite3' {
  interface Statement {
    all(...params: unknown[]): unknown[];
  }
  class Database {
    constructor(path: string, options?: { readonly?: boolean });
    prepare(sql: string): Statement;
    close(): void;
  }
  export = Database;
}
