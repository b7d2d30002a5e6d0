/**
 * An interruptible wait: a loop sleeps until a time or until something (pause, seek, close)
 * wakes it, so that no control call waits for a timer to run out.
 */
export class WakeSignal {
  private wakeUp: (() => void) | null = null;

  /** Resolves at `until` (ms, performance.now() clock), or at once when woken; never rejects. */
  sleepUntil(until: number): Promise<void> {
    return new Promise((resolve) => {
      // Timers may fire a little early against performance.now(): wait again for the remainder.
      const check = (): void => {
        const remaining = until - performance.now();
        if (remaining <= 0) {
          this.wakeUp = null;
          resolve();
          return;
        }
        timer = setTimeout(check, remaining);
      };
      let timer = setTimeout(check, Math.max(0, until - performance.now()));
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
    });
  }

  /** Resolves only when woken (a paused replay waits here). */
  sleep(): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = () => {
        this.wakeUp = null;
        resolve();
      };
    });
  }

  /** Ends the current sleep, if any. */
  wake(): void {
    this.wakeUp?.();
  }
}
