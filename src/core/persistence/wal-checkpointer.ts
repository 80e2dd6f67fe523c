// SQLite's checkpoints off the event loop (issue 10). In WAL mode a checkpoint copies the log
// back into the database file, and first fsyncs the log: 9-13 ms on this project's build
// machine, far more on a slow or busy disk. By default the connection whose commit takes the
// log past 1,000 pages runs it, and better-sqlite3 runs everything on the calling thread, so
// under a write load the whole server (every tenant, /health/live too) stopped for that fsync
// about twice a second: it was the longest event-loop delay the bench measured on SQLite.
//
// Here a worker thread with a connection of its own to the same file runs a PASSIVE checkpoint
// every `intervalMs`. PASSIVE never waits for readers or the writer and never blocks them;
// what a reader still needs stays in the log until the next round. Commits do not fsync
// (better-sqlite3 builds SQLite with WAL synchronous NORMAL), so the server's thread mostly
// no longer waits for the disk. The server's connection keeps SQLite's automatic checkpoint:
// it is what restarts the log from its beginning under a write load that never pauses (a
// writer restarts the log only when it finds every page of it copied, which a concurrent
// checkpoint never leaves behind while commits keep coming), and it takes over if the worker
// ever stops. With the worker having copied and synced nearly everything already, that
// checkpoint has only the last few commits to write: under the bench's write load the
// server's thread spent 0.5-1.5 ms in fsync now and then instead of 9-13 ms twice a second.

import { Worker } from 'node:worker_threads';

export interface CheckpointResult {
  /** Pages in the log, and how many of them are in the database file now (SQLite's `log`, `checkpointed`). */
  logPages: number;
  checkpointedPages: number;
}

export interface WalCheckpointerOptions {
  /** The database file (absolute, or relative to the process's working directory). */
  path: string;
  intervalMs: number;
  /** A checkpoint failed after the previous one had succeeded (the worker keeps trying). */
  onFailure(message: string): void;
  /** A checkpoint succeeded after failures. */
  onRecovery(): void;
  /** The worker ended without `stop()` (the server's own automatic checkpoints go on). */
  onExit(reason: string): void;
}

interface WorkerMessage {
  kind: 'ready' | 'unavailable' | 'result' | 'failed' | 'recovered';
  result?: CheckpointResult;
  message?: string;
}

// The worker's code, run with `eval` so that the same code runs from dist/ and under ts-jest
// (which has no compiled file to point a Worker at). It loads the driver by the path the
// server resolved, so the server's working directory does not matter.
const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.path, { fileMustExist: true });
} catch (error) {
  // Posted rather than thrown: a driver's error class does not keep its message across threads.
  parentPort.postMessage({ kind: 'unavailable', message: String((error && error.message) || error) });
  process.exit(1);
}
// A reader of the log's index can meet a writer restarting the log: wait a little, as the server does.
db.pragma('busy_timeout = 1000');
let failing = false;
function checkpoint() {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    if (failing) parentPort.postMessage({ kind: 'recovered' });
    failing = false;
    return { logPages: row.log, checkpointedPages: row.checkpointed };
  } catch (error) {
    if (!failing) parentPort.postMessage({ kind: 'failed', message: String((error && error.message) || error) });
    failing = true;
    return null;
  }
}
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (request) => {
  if (request === 'checkpoint') {
    const result = checkpoint();
    parentPort.postMessage(result ? { kind: 'result', result } : { kind: 'result', message: 'the checkpoint failed' });
  } else if (request === 'stop') {
    clearInterval(timer);
    checkpoint();
    db.close();
    parentPort.close();
  }
});
parentPort.postMessage({ kind: 'ready' });
`;

export class WalCheckpointer {
  private readonly answers: Array<(message: WorkerMessage) => void> = [];
  private stopping = false;
  private ended = false;

  private constructor(
    private readonly worker: Worker,
    options: WalCheckpointerOptions,
  ) {
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'failed') options.onFailure(message.message ?? 'unknown error');
      else if (message.kind === 'recovered') options.onRecovery();
      else if (message.kind === 'result') this.answers.shift()?.(message);
    });
    // An uncaught error is followed by 'exit': the caller hears of the end once, with the error if there was one.
    let error: string | null = null;
    worker.on('error', (uncaught) => (error = uncaught.message));
    worker.on('exit', (code) => {
      this.ended = true;
      for (const answer of this.answers.splice(0)) answer({ kind: 'result', message: 'the checkpointer stopped' });
      if (!this.stopping) options.onExit(error ?? `the worker exited with code ${code}`);
    });
    // A server that forgets to stop it still exits.
    worker.unref();
  }

  /** Starts the worker; resolves once its connection is open, rejects if it cannot open one. */
  static start(options: WalCheckpointerOptions): Promise<WalCheckpointer> {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), path: options.path, intervalMs: options.intervalMs },
    });
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => reject(new Error(`the checkpoint worker did not start: ${error.message}`));
      const exited = (code: number) => reject(new Error(`the checkpoint worker exited with code ${code} before it was ready`));
      worker.once('error', failed);
      worker.once('exit', exited);
      worker.once('message', (message: WorkerMessage) => {
        worker.off('error', failed);
        worker.off('exit', exited);
        if (message.kind === 'ready') resolve(new WalCheckpointer(worker, options));
        else reject(new Error(`the checkpoint worker did not start: ${message.message ?? message.kind}`));
      });
    });
  }

  /** A checkpoint now, on the worker (for tests); the timer's rounds go on. */
  checkpointNow(): Promise<CheckpointResult> {
    if (this.stopping || this.ended) return Promise.reject(new Error('the checkpointer has stopped'));
    return new Promise((resolve, reject) => {
      this.answers.push((message) => (message.result ? resolve(message.result) : reject(new Error(message.message))));
      this.worker.postMessage('checkpoint');
    });
  }

  /** A last checkpoint, then the worker's connection is closed and the worker ends. */
  async stop(): Promise<void> {
    if (this.stopping || this.ended) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('stop');
    const timeout = setTimeout(() => void this.worker.terminate(), 5_000);
    await exited;
    clearTimeout(timeout);
  }
}
