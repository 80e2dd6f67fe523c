// SIGTERM and SIGINT (SPEC 2): stop accepting connections, let in-flight requests finish
// (a long OData page included) for up to the grace period, then close the pool and exit 0.
// Nest's own shutdown hooks are not used: they would close the database before the HTTP
// server and end the process by re-raising the signal (exit status 143).
import { INestApplication } from '@nestjs/common';
import { FastifyInstance } from 'fastify';
import { Server } from 'node:http';

export function exitGracefullyOnSignals(app: INestApplication, graceMs: number, log: (message: string) => void = (m) => process.stderr.write(m + '\n')): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log(`${signal} received: finishing in-flight requests (up to ${graceMs} ms)`);
    const deadline = setTimeout(() => {
      log('Grace period over with requests still running: exiting');
      process.exit(1);
    }, graceMs);
    deadline.unref();
    const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
    // A keep-alive connection whose request finishes after close() began stays open and
    // would hold the server until the grace period ends: close each one once it is idle.
    const server = app.getHttpServer() as Server;
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    sweep.unref();
    // Fastify's close stops accepting, closes idle keep-alive connections, answers requests
    // arriving on busy ones with 503 + Connection: close, and resolves once in-flight ones are done.
    fastify
      .close()
      .then(() => app.close())
      .then(
        () => {
          clearTimeout(deadline);
          clearInterval(sweep);
          log('Shut down cleanly');
          process.exit(0);
        },
        (error: unknown) => {
          log(`Shutdown failed: ${(error as Error)?.message ?? String(error)}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
