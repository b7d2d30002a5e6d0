/**
 * A one-line progress bar on a terminal's stderr, redrawn in place at most every 100 ms.
 */
import type { TextOutput } from './console.js';

const REDRAW_INTERVAL_MS = 100;
const BAR_CHARS = 30;

/** `analysing  42% [############------------------]  12.3 / 29.0 s` */
export function formatProgress(done: number, total: number, sampleRate: number | null): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * BAR_CHARS);
  const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const amount =
    sampleRate === null
      ? `${String(done)} / ${String(total)} samples`
      : `${(done / sampleRate).toFixed(1)} / ${(total / sampleRate).toFixed(1)} s`;
  return `analysing ${percent} [${'#'.repeat(filled)}${'-'.repeat(BAR_CHARS - filled)}] ${amount}`;
}

export class ProgressBar {
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly output: TextOutput,
    private readonly total: number,
    private readonly sampleRate: number | null,
    private readonly now: () => number,
  ) {}

  /** `done` input samples of `total` are through. */
  update(done: number): void {
    const time = this.now();
    if (time - this.lastDraw < REDRAW_INTERVAL_MS) return;
    this.lastDraw = time;
    const line = formatProgress(done, this.total, this.sampleRate);
    const width = this.output.columns ?? 80;
    // \r and erase-line redraw in place; never wider than the terminal, or it would wrap.
    this.output.write(`\r\x1b[K${line.slice(0, Math.max(0, width - 1))}`);
    this.drawn = true;
  }

  /** Erases the bar, leaving the line free for the summary or an error. */
  clear(): void {
    if (this.drawn) this.output.write('\r\x1b[K');
    this.drawn = false;
  }
}
