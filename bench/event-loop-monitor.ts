// Preloaded into the bench's server (`node -r event-loop-monitor.js dist/src/main.js`, with an
// IPC channel): perf_hooks' monitorEventLoopDelay at 1 ms resolution, enabled only between the
// bench's "start" and "read" messages, so no other scenario pays for its timer. Its max is the
// longest the event loop was held, i.e. the worst stall any request saw (scenario 10). prom-client's
// nodejs_eventloop_lag_max_seconds is the same histogram at 10 ms resolution, too coarse for a
// target of a few milliseconds.
//
// On a shared machine a delay also counts the time the kernel ran other processes while the
// server waited for a core, so a second figure is kept that the machine's load does not
// inflate: a 1 ms timer reads the main thread's own on-CPU time (/proc/self/task/<pid>/schedstat,
// nanoseconds) at every tick, and the largest amount between two ticks is the longest stretch
// of work the loop did without coming back to its timers. The kernel brings a running thread's
// figure up to date only at a scheduler tick or a switch (4 ms at HZ=250), so one stretch can
// read up to a tick more or less than it was (8.0 ms of CPU in 6.0 ms of wall was seen).
import { readFileSync } from 'node:fs';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface EventLoopDelay {
  maxMs: number;
  p99Ms: number;
  p50Ms: number;
  meanMs: number;
  samples: number;
  /** The main thread's on-CPU time in the gap between two 1 ms ticks that had the most of it. */
  longestBlockCpuMs: number;
  /** The wall time of that gap. */
  longestBlockWallMs: number;
  /** The longest garbage collection pause in the window, and their sum (the heap is shared with every request). */
  longestGcMs: number;
  gcMs: number;
  /** The longest mark-compact (major) pause: its length grows with the live heap, a scavenge's with the young objects that survive. */
  longestMajorGcMs: number;
  /** How many major collections ran in the window. */
  majorGcs: number;
}

const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;
const mainThreadCpuNs = () => {
  try {
    return Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]);
  } catch {
    return NaN; // not Linux: the figure is left out
  }
};

const histogram = monitorEventLoopDelay({ resolution: 1 });
let ticker: NodeJS.Timeout | undefined;
let longest = { cpuNs: 0, wallNs: 0 };
/** The window's GC figures, fresh at each start. */
const noGc = () => ({ longestMs: 0, totalMs: 0, longestMajorMs: 0, majors: 0 });
let gc = noGc();
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.longestMs = Math.max(gc.longestMs, entry.duration);
    gc.totalMs += entry.duration;
    if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      gc.longestMajorMs = Math.max(gc.longestMajorMs, entry.duration);
      gc.majors++;
    }
  }
});

function startTicker(): void {
  let lastCpu = mainThreadCpuNs();
  let lastWall = process.hrtime.bigint();
  longest = { cpuNs: 0, wallNs: 0 };
  ticker = setInterval(() => {
    const cpu = mainThreadCpuNs();
    const wall = process.hrtime.bigint();
    if (cpu - lastCpu > longest.cpuNs) longest = { cpuNs: cpu - lastCpu, wallNs: Number(wall - lastWall) };
    // Read after the sample, so the reading's own cost falls outside the next gap.
    lastCpu = mainThreadCpuNs();
    lastWall = process.hrtime.bigint();
  }, 1);
}

process.on('message', (message) => {
  if (message === 'event-loop:start') {
    histogram.reset();
    histogram.enable();
    startTicker();
    gc = noGc();
    gcObserver.observe({ entryTypes: ['gc'] });
  } else if (message === 'event-loop:read') {
    histogram.disable();
    clearInterval(ticker);
    gcObserver.disconnect();
    const reading: EventLoopDelay = {
      maxMs: histogram.max / 1e6,
      p99Ms: histogram.percentile(99) / 1e6,
      p50Ms: histogram.percentile(50) / 1e6,
      meanMs: histogram.mean / 1e6,
      samples: histogram.count,
      longestBlockCpuMs: longest.cpuNs / 1e6,
      longestBlockWallMs: longest.wallNs / 1e6,
      longestGcMs: gc.longestMs,
      gcMs: gc.totalMs,
      longestMajorGcMs: gc.longestMajorMs,
      majorGcs: gc.majors,
    };
    process.send?.({ eventLoop: reading });
  }
});
// The channel must not keep the server alive at shutdown.
process.channel?.unref();
