import 'reflect-metadata';
import { AppConfig, ConfigError, loadConfig } from './core/config/app-config';
import { createApp } from './app.factory';
import { seedDemo } from './demo/demo-seeder';
import { exitGracefullyOnSignals } from './graceful-shutdown';

function printDemo(base: string, accounts: { loginId: string; password: string | null; note: string }[]): void {
  // Console only, never the structured log: these are the one-time passwords (SPEC 2).
  const lines = [
    '',
    `Demo tenant created: ${base}/demo/`,
    'One-time passwords (each must be changed at first sign-in):',
    ...accounts.map((a) => `  ${a.loginId.padEnd(34)} ${(a.password ?? '(no password)').padEnd(30)} ${a.note}`),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  exitGracefullyOnSignals(app, config.shutdownGraceMs);
  const accounts = config.embedded && config.demo ? await seedDemo(app) : null;
  await app.listen({ host: config.host, port: config.port });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.publicUrl ? config.publicUrl.origin : `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  if (accounts) printDemo(base, accounts);
  process.stdout.write(
    [
      `IPS server listening on ${base}`,
      `  Database: ${config.database.type === 'sqlite' ? config.database.path : 'MySQL/MariaDB'}`,
      `  Swagger UI: ${base}/api/docs   OpenAPI: ${base}/api/docs-json   Health: ${base}/health`,
      `  Tenant website: ${base}/<tenant>/   OData: ${base}/<tenant>/odata/   IPS administration: ${base}/admin/api/`,
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  process.stderr.write(`IPS server failed to start: ${error?.message ?? error}\n`);
  process.exit(1);
});
