// Heavy steps of requests (parsing a large body, validating a long array) each get a turn of
// the event loop to themselves (issue 10). Bodies that arrive together end in one poll phase,
// and a plain setImmediate would run all their steps back to back in the next check phase:
// four 256 KiB cashflow PUTs held the loop for their sum (25-75 ms) while /health/live and
// every other tenant waited. Here the steps queue, and each turn runs only the first one;
// the rest of that request's chain runs with it (up to its next real I/O), then the loop
// serves timers and sockets before the next step starts. Nothing is dropped or reordered.

import { AsyncResource } from 'node:async_hooks';

const waiting: Array<() => void> = [];
let scheduled = false;

function runOne(): void {
  scheduled = false;
  const next = waiting.shift();
  // An immediate queued from inside the check phase runs in the next turn of the loop.
  if (waiting.length) schedule();
  next?.();
}

function schedule(): void {
  scheduled = true;
  setImmediate(runOne);
}

/**
 * Runs `step` on a later turn of the event loop that no other queued step shares, in the
 * async context of its caller (the request's log context): the turn itself was scheduled by
 * whichever request queued first.
 */
export function onOwnTurn(step: () => void): void {
  waiting.push(AsyncResource.bind(step));
  if (!scheduled) schedule();
}

/** Resolves on a turn of its own: `await ownTurn()` before a step that may take milliseconds. */
export const ownTurn = (): Promise<void> => new Promise((resolve) => onOwnTurn(resolve));

/** Steps waiting for their turn (for tests and metrics). */
export const stepsWaiting = (): number => waiting.length;
