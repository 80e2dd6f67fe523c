// Start-up while MySQL/MariaDB is down (issue 12). The Nest application cannot be built
// without its database: TypeOrmModule connects, runs the migrations and checks IPS_SECRET at
// module init, and the modules read settings from it as they start. Instead of making every
// one of those lazy, main.ts keeps the normal start-up as it is and only delays it: while the
// database is unreachable, a small stand-in HTTP server holds the port and answers as the
// application does during an outage (SPEC 2): /health/live 200, /health 503, everything else
// 503 with Retry-After. A bounded backoff probes the database; once it answers, the real
// application is built (migrations, secret check, administrator set-up), the stand-in hands the
// port over and the application listens on it. SQLite never gets here: a file is always there.
import { createServer, IncomingMessage, Server, ServerResponse, STATUS_CODES } from 'node:http';
import { createConnection } from 'mysql2/promise';
import { AppConfig } from '../core/config/app-config';
import { SERVER_VERSION } from '../core/config/server-version';
import { describeDatabase } from '../core/config/startup-error';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable, PersistenceErrorCode } from '../core/persistence/database-unavailable';
import { isODataUrl, odataErrorJson } from '../odata/odata-edge';

/** Waits between probes: doubling from the first, never longer than the last. */
export const PROBE_BACKOFF_MS = { first: 500, longest: 5000 };

const UNAVAILABLE_MESSAGE = 'The database is not available; retry later';

export type ProbeResult = { reachable: true } | { reachable: false; reason: string };

/**
 * One connection attempt. Unreachable (refused, timed out, a Galera node not ready) is worth
 * waiting for; anything else (wrong password, no such database) is a configuration error that
 * waiting cannot fix, and is thrown at once.
 */
export async function probeDatabase(url: string, connectTimeoutMs: number): Promise<ProbeResult> {
  try {
    const connection = await createConnection({ uri: url, connectTimeout: connectTimeoutMs });
    await connection.end();
    return { reachable: true };
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    // The short reason for the log ("ECONNREFUSED"), never the URL with its password.
    const code = (error as { code?: unknown }).code;
    return { reachable: false, reason: typeof code === 'string' ? code : String((error as Error).message).split('\n')[0] };
  }
}

function answer(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  // Connection: close, so that no keep-alive connection stays on the stand-in after the handover.
  const common = { 'Cache-Control': 'no-store', Connection: 'close' };
  if (/^\/health\/live\/?(\?|$)/.test(path)) {
    res.writeHead(200, { ...common, 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ status: 'ok' }));
    return;
  }
  if (/^\/health\/?(\?|$)/.test(path)) {
    // The body the application's readiness check gives when its database ping fails.
    const down = { database: { status: 'down', message: 'not reachable yet' } };
    res
      .writeHead(503, { ...common, 'Content-Type': 'application/json; charset=utf-8' })
      .end(JSON.stringify({ status: 'error', version: SERVER_VERSION, info: {}, error: down, details: down }));
    return;
  }
  const headers = { ...common, 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS), 'Content-Type': 'application/json; charset=utf-8' };
  if (isODataUrl(path)) {
    res.writeHead(503, { ...headers, 'OData-Version': '4.0' }).end(odataErrorJson(PersistenceErrorCode.DatabaseUnavailable, UNAVAILABLE_MESSAGE));
    return;
  }
  res.writeHead(503, headers).end(JSON.stringify({ statusCode: 503, error: STATUS_CODES[503], message: UNAVAILABLE_MESSAGE }));
}

export interface StandIn {
  /** Stops listening and ends its connections, so that the application can listen on the port. */
  close(): Promise<void>;
}

/** Listens on host:port with the outage answers until close(). */
export function listenStandIn(host: string, port: number): Promise<StandIn> {
  const server: Server = createServer((req, res) => {
    // The body is not read: drain it so the answer is not held up by an unread upload.
    req.resume();
    answer(req, res);
  });
  server.keepAliveTimeout = 1000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve({
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/**
 * Probes until the database answers: the first wait PROBE_BACKOFF_MS.first, doubling up to
 * .longest. `onChange` hears the failure reason only when it differs from the previous one, so
 * a database that stays away for an hour gives one log line, not thousands.
 */
export async function waitUntilReachable(probe: () => Promise<ProbeResult>, firstReason: string, onChange: (reason: string) => void): Promise<void> {
  let wait = PROBE_BACKOFF_MS.first;
  let lastReason = firstReason;
  for (;;) {
    await new Promise((r) => setTimeout(r, wait));
    const result = await probe();
    if (result.reachable) return;
    if (result.reason !== lastReason) onChange(result.reason);
    lastReason = result.reason;
    wait = Math.min(wait * 2, PROBE_BACKOFF_MS.longest);
  }
}

/**
 * For MySQL/MariaDB: returns null when the database answers (the normal start-up follows);
 * otherwise holds the port with the stand-in, prints one warning line, waits until the
 * database answers and returns the stand-in, for main.ts to close just before the application
 * listens. SIGTERM/SIGINT while waiting end the process at once: nothing is in flight.
 */
export async function holdPortUntilDatabaseAnswers(config: AppConfig, warn: (line: string) => void): Promise<StandIn | null> {
  if (config.database.type !== 'mysql') return null;
  const { url } = config.database;
  const probe = () => probeDatabase(url, config.databasePool.connectTimeoutMs);
  const first = await probe();
  if (first.reachable) return null;
  const standIn = await listenStandIn(config.host, config.port);
  warn(
    `IPS server is waiting for its database: ${describeDatabase(config.database)} is not reachable (${first.reason}). ` +
      `Listening on ${config.host}:${config.port} meanwhile (/health 503, other requests 503 with Retry-After); ` +
      `retrying every ${PROBE_BACKOFF_MS.first / 1000}-${PROBE_BACKOFF_MS.longest / 1000} s until it answers`,
  );
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await waitUntilReachable(probe, first.reason, (reason) => warn(`Database still not reachable (${reason}); retrying`));
  process.off('SIGTERM', stop);
  process.off('SIGINT', stop);
  warn('Database reachable: starting the IPS server');
  return standIn;
}
