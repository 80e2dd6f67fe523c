// npm run seed -- --tenant demo --projects 20000 [--years 50] [--batch 200]
// Loads deterministic sample planning data; re-running continues where it stopped.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { ConfigError, loadConfig } from '../core/config/app-config';
import { AppLogger } from '../core/logging/app-logger';
import { refreshPlannerStatistics } from '../core/persistence/planner-statistics';
import { ProjectsService } from '../projects/projects.service';
import { loadSampleData } from '../projects/sample-data.loader';
import { TenantsService } from '../tenants/tenants.service';

function option(args: string[], name: string, fallback?: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
}

function positiveInteger(value: string | undefined, name: string, max: number): number {
  if (!value || !/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new Error(`--${name} must be an integer from 1 to ${max}`);
  }
  return Number(value);
}

function bar(done: number, total: number, width = 30): string {
  const filled = Math.round((done / total) * width);
  return '[' + '#'.repeat(filled) + '.'.repeat(width - filled) + ']';
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const tenantName = option(args, 'tenant');
  if (!tenantName) throw new Error('--tenant NAME is required');
  const count = positiveInteger(option(args, 'projects', '1000'), 'projects', 1_000_000);
  const years = positiveInteger(option(args, 'years', '50'), 'years', 200);
  const batchSize = positiveInteger(option(args, 'batch', '200'), 'batch', 5000);

  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, demo: false }), { logger: new AppLogger('warn') });
  try {
    const tenant = await app.get(TenantsService).getByName(tenantName);
    const started = Date.now();
    const result = await loadSampleData(app.get(ProjectsService), tenant.id, count, {
      years,
      batchSize,
      onProgress: ({ projects, total, cashflows }) => {
        const seconds = (Date.now() - started) / 1000;
        process.stderr.write(
          `\r${bar(projects, total)} ${Math.floor((projects / total) * 100)}% ${projects}/${total} projects, ${cashflows} cashflows, ${Math.round(cashflows / Math.max(seconds, 0.001))} rows/s   `,
        );
      },
    });
    process.stderr.write('\n');
    // The tables just grew by orders of magnitude: the planner must know before the feed is read.
    await refreshPlannerStatistics(app.get(DataSource), 'bulk-load');
    process.stdout.write(
      `Tenant ${tenant.name}: ${result.created} projects created (${result.created * years} cashflows), ${result.existing} already there, in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  process.stderr.write(`\n${error instanceof ConfigError ? error.message : `seed failed: ${error?.message ?? error}`}\n`);
  process.exit(1);
});
