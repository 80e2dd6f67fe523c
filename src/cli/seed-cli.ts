// npm run seed: loads deterministic sample planning data into a tenant; re-running continues
// where it stopped. runSeed() is the whole command; seed.ts only wires process.argv and the
// exit code, so the tests drive exactly what operators run.
import { DataSource } from 'typeorm';
import { DomainError } from '../core/errors/domain-error';
import { refreshPlannerStatistics } from '../core/persistence/planner-statistics';
import { ProjectsService } from '../projects/projects.service';
import { loadSampleData } from '../projects/sample-data.loader';
import { TenantsService } from '../tenants/tenants.service';
import { Args, CliIo, flagValue, only, parseArgs, UsageError, withApp } from './cli-support';
import { SeedProgress } from './seed-progress';

interface CountOption {
  name: string;
  fallback: number;
  max: number;
  meaning: string;
}

const COUNTS = {
  projects: { name: 'projects', fallback: 1000, max: 1_000_000, meaning: 'sample projects the tenant ends up with' },
  years: { name: 'years', fallback: 50, max: 200, meaning: 'yearly cashflows per project' },
  batch: { name: 'batch', fallback: 200, max: 5000, meaning: 'projects per transaction' },
} satisfies Record<string, CountOption>;

const USAGE = 'npm run seed -- --tenant NAME [--projects N] [--years N] [--batch N]';

function help(): string {
  return [
    `Usage: ${USAGE}`,
    '',
    'Loads deterministic sample planning data (projects with yearly cashflows) into a tenant of the',
    'database the server uses (DATABASE_URL, IPS_SECRET, DATA_DIR, .env). Running it again continues',
    'where it stopped; projects already there are kept.',
    '',
    'Options:',
    '  --tenant NAME   the tenant to load into (required)',
    ...Object.values(COUNTS).map((c) => `  ${`--${c.name} N`.padEnd(15)} ${c.meaning}, 1 to ${c.max} (default ${c.fallback})`),
    '  -h, --help      this text',
    '',
    'Progress goes to stderr: a bar with an ETA on a terminal, else a plain line every tenth of the load',
    'or every few seconds.',
  ].join('\n');
}

function count(args: Args, option: CountOption): number {
  const value = flagValue(args, option.name, String(option.fallback))!;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > option.max) {
    throw new UsageError(`--${option.name} must be an integer from 1 to ${option.max}`);
  }
  return Number(value);
}

/** Runs the command; returns the exit code (0 done, 1 failed, 2 wrong usage). */
export async function runSeed(argv: string[], io: CliIo): Promise<number> {
  try {
    const args = parseArgs(argv, ['tenant', ...Object.keys(COUNTS)]);
    if (args.flags.has('help')) {
      io.out.write(help() + '\n');
      return 0;
    }
    only(args, 0, ['tenant', ...Object.keys(COUNTS)]);
    const tenantName = flagValue(args, 'tenant');
    if (!tenantName) throw new UsageError('--tenant NAME is required');
    const projects = count(args, COUNTS.projects);
    const years = count(args, COUNTS.years);
    const batchSize = count(args, COUNTS.batch);

    await withApp(io, async (app) => {
      const tenant = await app.get(TenantsService).getByName(tenantName);
      const progress = new SeedProgress(io.err);
      const result = await loadSampleData(app.get(ProjectsService), tenant.id, projects, {
        years,
        batchSize,
        onProgress: (p) => progress.report(p),
      });
      progress.finish();
      // The tables just grew by orders of magnitude: the planner must know before the feed is read.
      await refreshPlannerStatistics(app.get(DataSource), 'bulk-load');
      const seconds = (Date.now() - progress.started) / 1000;
      io.out.write(
        `Tenant ${tenant.name}: ${result.created} projects created (${result.created * years} cashflows), ${result.existing} already there, in ${seconds.toFixed(1)} s\n`,
      );
    });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`error: ${error.message}\nUsage: ${USAGE}   (--help lists the options)\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err.write(`seed failed: ${error instanceof DomainError ? message : message.split('\n')[0]}\n`);
    return 1;
  }
}
