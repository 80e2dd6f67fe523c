// Child processes of the bench: the server under test, the raw node:http server and the
// load workers, each its own process so that no side's CPU is counted for the other.
import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { EventLoopDelay } from './event-loop-monitor';
import { cpuMs } from './proc';

const BENCH_DIR = __dirname;

export interface Measured<R> {
  result: R;
  /** CPU time the watched process (the server) spent between the worker's start and end events. */
  serverCpuMs: number;
  wallMs: number;
}

/**
 * Runs a worker script (load-worker.js, driver-worker.js) with a JSON job. Between its
 * {"event":"start"} line and its result, the watched process's CPU time is read from /proc.
 */
export interface WorkerHooks {
  /** Called at the worker's {"event":"start"} line, after the watched CPU time is read. */
  onStart?: () => void;
  /** Called at its result, before the watched CPU time is read. */
  onEnd?: () => void;
}

export function runWorker<R>(script: string, job: object, watchedPid?: number, hooks: WorkerHooks = {}): Promise<Measured<R>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(BENCH_DIR, script), JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let cpuAtStart = 0;
    let startedAt = 0;
    let outcome: Measured<R> | null = null;
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { event?: string; result?: R };
      if (message.event === 'start') {
        startedAt = performance.now();
        if (watchedPid) cpuAtStart = cpuMs(watchedPid);
        hooks.onStart?.();
      } else {
        hooks.onEnd?.();
        const now = performance.now();
        const result = (message.event === 'end' ? message.result : message) as R;
        outcome = { result, serverCpuMs: watchedPid ? cpuMs(watchedPid) - cpuAtStart : 0, wallMs: startedAt ? now - startedAt : 0 };
      }
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 && outcome ? resolve(outcome) : reject(new Error(`${script} exited with ${code}`))));
  });
}

export interface Started {
  child: ChildProcess;
  pid: number;
  output: () => string;
}

/** The server's event-loop delay over a window, from bench/event-loop-monitor.ts preloaded into it. */
export function eventLoopMonitor(server: Started): { start: () => void; read: () => Promise<EventLoopDelay> } {
  return {
    start: () => server.child.send('event-loop:start'),
    read: () =>
      new Promise((resolve) => {
        const onMessage = (message: { eventLoop?: EventLoopDelay }) => {
          if (!message.eventLoop) return;
          server.child.off('message', onMessage);
          resolve(message.eventLoop);
        };
        server.child.on('message', onMessage);
        server.child.send('event-loop:read');
      }),
  };
}

/** Starts a process and resolves once `ready` says so (polling), keeping its last output for errors. */
export async function startProcess(args: string[], env: NodeJS.ProcessEnv, ready: () => Promise<boolean>): Promise<Started> {
  // An IPC channel for event-loop-monitor.js (it unrefs it, so it never keeps a process alive).
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  // Drained, so a busy request log never blocks the server on a full pipe.
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  child.on('exit', () => (exited = true));
  for (let i = 0; ; i++) {
    if (exited) throw new Error(`${args.join(' ')} exited at start:\n${tail}`);
    if (await ready().catch(() => false)) break;
    if (i > 300) throw new Error(`${args.join(' ')} did not start:\n${tail}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, pid: child.pid ?? 0, output: () => tail };
}

export function stop(started: Started | null, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!started || started.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    started.child.once('exit', () => resolve());
    started.child.kill(signal);
  });
}
