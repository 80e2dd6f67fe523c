// Boots the real AppModule over HTTP on 127.0.0.1 (random port) against a test database,
// with migrations applied and logs captured for inspection.
import 'reflect-metadata';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/core/config/app-config';
import { AppLogger } from '../../src/core/logging/app-logger';
import { createTestDatabase, TestDatabase } from './test-database';

export const ADMIN_PASSWORD = 'ips-admin-password-for-tests';
export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  db: TestDatabase;
  /** Absolute base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Every structured log line written so far. */
  logs: string[];
  http: () => request.Agent;
  close(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: db.url,
    DATA_DIR: db.dataDir,
    IPS_SECRET: TEST_SECRET,
    IPS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    IPS_DEMO: 'false',
    LOG_LEVEL: 'debug',
    ...env,
  });
  const logs: string[] = [];
  const app = await createApp(config, new AppLogger('debug', (line) => logs.push(line)));
  // A test that needs PUBLIC_URL to be this very address picks the port first (env.PORT).
  await app.listen({ host: '127.0.0.1', port: Number(env.PORT ?? 0) });
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    app,
    config,
    db,
    url,
    logs,
    http: () => request.agent(url),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
