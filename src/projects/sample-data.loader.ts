import { ProjectsService } from './projects.service';
import { sampleProject, SAMPLE_PREFIX } from './sample-data';

export interface LoadProgress {
  /** Sample projects in the tenant now, of `total`. */
  projects: number;
  total: number;
  /** Projects loaded by this run (a resumed run starts above 0). */
  loaded: number;
  /** Cashflow rows written by this run. */
  cashflows: number;
}

/**
 * Loads sample projects 1..count into a tenant, skipping those already there (idempotent),
 * in batches of `batchSize` projects, one transaction per batch.
 */
export async function loadSampleData(
  projects: ProjectsService,
  tenantId: number,
  count: number,
  options: { years?: number; batchSize?: number; onProgress?: (p: LoadProgress) => void } = {},
): Promise<{ created: number; existing: number }> {
  const years = options.years ?? 50;
  const batchSize = options.batchSize ?? 200;
  const existing = await projects.countByNamePrefix(tenantId, SAMPLE_PREFIX);
  let cashflows = 0;
  for (let start = existing + 1; start <= count; start += batchSize) {
    const end = Math.min(count, start + batchSize - 1);
    const batch = [];
    for (let n = start; n <= end; n++) batch.push(sampleProject(n, years));
    await projects.insertBatch(tenantId, batch);
    cashflows += batch.length * years;
    options.onProgress?.({ projects: end, total: count, loaded: end - existing, cashflows });
  }
  return { created: Math.max(0, count - existing), existing };
}
