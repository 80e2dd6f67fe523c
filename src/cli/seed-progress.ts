// How `npm run seed` reports a long load: on a terminal one bar rewritten in place; into a
// pipe or a log file (CI) plain lines, one per tenth of the load or every few seconds, since
// carriage returns there make one enormous line.
import { Terminal } from '../core/console/one-time-passwords';
import { LoadProgress } from '../projects/sample-data.loader';

/** Plain lines: at least this many seconds apart unless a further tenth of the load is done. */
export const PLAIN_LINE_SECONDS = 5;

export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

function bar(done: number, total: number, width = 30): string {
  const filled = Math.round((done / total) * width);
  return '[' + '#'.repeat(filled) + '.'.repeat(width - filled) + ']';
}

export class SeedProgress {
  private lastLineAt: number;
  private lastTenth = 0;
  private wroteBar = false;

  constructor(
    private readonly out: Terminal,
    private readonly now: () => number = Date.now,
    readonly started = now(),
  ) {
    this.lastLineAt = started;
  }

  report(p: LoadProgress): void {
    const seconds = Math.max((this.now() - this.started) / 1000, 0.001);
    const percent = Math.floor((p.projects / p.total) * 100);
    // The rate of this run alone: a resumed run did not load what was already there.
    const etaSeconds = ((p.total - p.projects) * seconds) / Math.max(p.loaded, 1);
    const facts = `${percent}% ${p.projects}/${p.total} projects, ${p.cashflows} cashflows, ${Math.round(p.cashflows / seconds)} rows/s, ETA ${formatEta(etaSeconds)}`;
    if (this.out.isTTY) {
      this.out.write(`\r${bar(p.projects, p.total)} ${facts}   `);
      this.wroteBar = true;
      return;
    }
    const tenth = Math.floor(percent / 10);
    if (tenth > this.lastTenth || this.now() - this.lastLineAt >= PLAIN_LINE_SECONDS * 1000) {
      this.out.write(`seed: ${facts}\n`);
      this.lastTenth = tenth;
      this.lastLineAt = this.now();
    }
  }

  /** Ends the bar's line, so what follows starts on its own. */
  finish(): void {
    if (this.wroteBar) this.out.write('\n');
  }
}
