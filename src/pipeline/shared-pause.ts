/**
 * One source paused on behalf of several consumers (the analysis queue, an output device):
 * each gets its own handle, and the source runs only while no handle holds it paused.
 */

/** Anything that can wait: a replayed file. */
export interface Pausable {
  pause(): void;
  resume(): void;
}

export class SharedPause {
  private holders = 0;

  constructor(private readonly target: Pausable) {}

  /** A handle for one consumer; its pause() and resume() are idempotent. */
  handle(): Pausable {
    let holding = false;
    return {
      pause: () => {
        if (holding) return;
        holding = true;
        if (this.holders++ === 0) this.target.pause();
      },
      resume: () => {
        if (!holding) return;
        holding = false;
        if (--this.holders === 0) this.target.resume();
      },
    };
  }
}
