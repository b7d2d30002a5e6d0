/**
 * When the display's packets (frames, the input view) go out: at most once per interval, as
 * soon as something new asks for it. A run whose previous one is old enough happens at once, in
 * the same turn as the data that asked for it; otherwise one timer waits out the rest of the
 * interval. Nothing runs while nothing new arrives. (A periodic tick woke the process about 30
 * times a second whether or not there was anything to show; with 2048-sample blocks, 43 ms
 * apart, the data now sets the pace and no timer fires at all.)
 */
export class DisplayPacer {
  private last = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  /**
   * @param intervalMs shortest time between two runs
   * @param run sends what gathered since the last run
   */
  constructor(
    private readonly intervalMs: number,
    private readonly run: () => void,
  ) {}

  /** Something new is there to show. */
  request(): void {
    if (this.timer !== undefined || this.closed) return;
    const wait = this.last + this.intervalMs - performance.now();
    if (wait <= 0) {
      this.runNow();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runNow();
    }, wait);
    // The pacer alone does not keep a process alive.
    this.timer.unref();
  }

  /** Runs at once (the last frames before a change or an end), whatever the interval. */
  runNow(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.last = performance.now();
    this.run();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
