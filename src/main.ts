import 'reflect-metadata';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, ConfigError, loadConfig } from './core/config/app-config';
import { loadEnvFile } from './core/config/env-file';
import { SERVER_VERSION } from './core/config/server-version';
import { describeStartupError } from './core/config/startup-error';
import { announceOneTimePasswords } from './core/console/one-time-passwords';
import { AppLogger } from './core/logging/app-logger';
import { createApp } from './app.factory';
import { seedDemo } from './demo/demo-seeder';
import { startBanner } from './web/start-banner';
import { pruneOneTimePasswords } from './demo/one-time-passwords.prune';
import { exitGracefullyOnSignals } from './graceful-shutdown';
import { holdPortUntilDatabaseAnswers, StandIn } from './database/database-wait';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    loadEnvFile();
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).message}\n`);
    process.exit(1);
  }
  const logger = new AppLogger(config.logLevel, undefined, config.logFormat);
  let app: NestFastifyApplication;
  let standIn: StandIn | null = null;
  try {
    // MySQL/MariaDB not reachable yet: listen with outage answers until it is (database-wait.ts).
    standIn = await holdPortUntilDatabaseAnswers(config, (line) => process.stderr.write(line + '\n'));
    app = await createApp(config, logger);
  } catch (error) {
    await standIn?.close();
    process.stderr.write(describeStartupError(error, config.database) + '\n');
    process.exit(1);
  }
  // SIGTERM/SIGINT: stop accepting, finish in-flight requests within the grace period, exit 0.
  exitGracefullyOnSignals(app, config.shutdownGraceMs);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', (_instance, done) => {
      logger.log('IPS server stopped', 'Main');
      done();
    });
  await pruneOneTimePasswords(app, config.dataDir);
  const accounts = config.demo && config.database.type === 'sqlite' ? await seedDemo(app) : null;
  // The stand-in hands the port over at the last moment: the gap is a few milliseconds.
  await standIn?.close();
  await app.listen({ host: config.host, port: config.port });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.publicUrl ? config.publicUrl.origin : `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  if (accounts) {
    announceOneTimePasswords(
      config.dataDir,
      `Demo tenant created: ${base}/demo/ (one-time passwords, each must be changed at first sign-in)`,
      accounts.filter((a) => a.password !== null).map((a) => ({ tenant: 'demo', loginId: a.loginId, password: a.password as string, note: a.note })),
    );
  }
  const database = config.database.type === 'sqlite' ? config.database.path : 'MySQL/MariaDB';
  process.stdout.write(startBanner(base, database, accounts ? 'demo' : null, SERVER_VERSION).join('\n'));
  logger.record('info', { context: 'Main', version: SERVER_VERSION, url: base }, 'IPS server started');
}

main().catch((error) => {
  process.stderr.write(`IPS server failed to start: ${error?.message ?? error}\n`);
  process.exit(1);
});
