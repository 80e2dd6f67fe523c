// A per-tenant count of finished writes to the planning data (projects and cashflows), for
// readers that keep what they read for a moment and must know whether it is still what the
// database holds: the OData feed's next-page prefetch (src/odata/odata-prefetch.ts).
import { Injectable } from '@nestjs/common';

/**
 * The version moves after a write has finished, committed or not: a reader that noted the
 * version before its query began and finds it unchanged afterwards read nothing older than
 * the last acknowledged write. Moving it before the commit would not do: a query started
 * between the move and the commit reads the old rows under the new version. This process's
 * writes only: another server process's write is not seen here.
 */
@Injectable()
export class PlanningDataVersion {
  private readonly versions = new Map<number, number>();

  of(tenantId: number): number {
    return this.versions.get(tenantId) ?? 0;
  }

  /** Runs the write, then moves the tenant's version whatever its outcome (a lost acknowledgement may hide a commit). */
  async writing<T>(tenantId: number, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      this.versions.set(tenantId, this.of(tenantId) + 1);
    }
  }
}
