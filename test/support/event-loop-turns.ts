/**
 * Counts turns of the event loop while a test runs: an immediate queued from the check phase
 * runs in the next turn, so `turn()` tells which turn a callback ran in. Call `stop()` at the end.
 */
export function countTurns(): { turn: () => number; stop: () => void } {
  let turn = 0;
  let counting = true;
  const tick = () => {
    turn++;
    if (counting) setImmediate(tick);
  };
  setImmediate(tick);
  return { turn: () => turn, stop: () => (counting = false) };
}
