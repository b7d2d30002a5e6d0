/**
 * A file or session replayed into an InputFeed, with the controls a UI gives it: pause, seek,
 * speed and loop, and where in the file the replay is.
 *
 * - Pausing has several reasons that must not undo each other: the user's pause, the analysis
 *   asking the replay to wait while it catches up (LiveAnalysis' `pausable`; two analyses for a
 *   moment when the engine changes), and the first analysis starting. The replay runs only
 *   when none holds it.
 * - Speed and looping are fixed when a ReplaySource opens, so changing them reopens the file at
 *   the current position and continues the feed from it: to the analysis and a recording, the
 *   stream goes on without a gap.
 * - The position is counted from the samples the feed delivered (a seek sets it), so it is
 *   exactly what the analysis and a recording have received.
 */
import { openReplaySource, type ReplaySource, type ReplaySpeed } from '../../io/replay-source.js';
import { InputFeed } from './input-feed.js';

export interface ReplayPosition {
  readonly positionSeconds: number;
  readonly durationSeconds: number;
  readonly paused: boolean;
  readonly speed: ReplaySpeed;
  readonly loop: boolean;
}

export class ReplayControl {
  readonly feed: InputFeed;
  /** Sample frames into the file of the next sample the feed delivers. */
  private position = 0;
  /**
   * Why the replay waits: 'user' (paused), 'start' (not started yet: no analysis ready for its
   * first samples), `analysis-N` (analysis N catching up).
   */
  private readonly holds = new Set<string>();
  /** Sample frames in the file, when known (0 when not). */
  private readonly frames: number;
  private readonly removeTap: () => void;

  private constructor(
    private source: ReplaySource,
    private readonly path: string,
    private speed: ReplaySpeed,
    private loop: boolean,
  ) {
    this.frames =
      source.durationSeconds === null ? 0 : Math.round(source.durationSeconds * source.sampleRate);
    // Held before the feed starts it: not a sample plays before the owner is ready for it.
    this.holds.add('start');
    source.pause();
    this.feed = new InputFeed(source);
    this.removeTap = this.feed.addTap((chunk) => {
      this.position += chunk.channels[0]?.length ?? 0;
      if (this.loop && this.frames > 0) this.position %= this.frames;
    });
  }

  /**
   * Opens `path` (an audio file or a session folder); throws when it cannot be read. The replay
   * is held ('start') until `hold('start', false)`, so that its first samples are analysed too.
   */
  static async open(path: string, speed: ReplaySpeed, loop: boolean): Promise<ReplayControl> {
    const source = await openReplaySource(path, { speed, loop });
    return new ReplayControl(source, path, speed, loop);
  }

  get sampleRate(): number {
    return this.feed.sampleRate;
  }

  get state(): ReplayPosition {
    return {
      positionSeconds: this.position / this.sampleRate,
      durationSeconds: this.frames / this.sampleRate,
      paused: this.holds.has('user'),
      speed: this.speed,
      loop: this.loop,
    };
  }

  pause(): void {
    this.hold('user', true);
  }

  resume(): void {
    this.hold('user', false);
  }

  /**
   * Pause/resume for analysis `key`'s backpressure (LiveAnalysis' `pausable`): while a new
   * analysis starts beside an old one, each holds the replay for itself.
   */
  backpressure(key: number): { pause(): void; resume(): void } {
    return {
      pause: () => {
        this.hold(`analysis-${String(key)}`, true);
      },
      resume: () => {
        this.releaseBackpressure(key);
      },
    };
  }

  releaseBackpressure(key: number): void {
    this.hold(`analysis-${String(key)}`, false);
  }

  /** Holds the replay (or lets it go) for one reason; it plays when no reason holds it. */
  hold(reason: string, on: boolean): void {
    if (on) this.holds.add(reason);
    else this.holds.delete(reason);
    if (this.holds.size > 0) this.source.pause();
    else this.source.resume();
  }

  /** Goes to `seconds` from the start of the file (clamped to its end). */
  seek(seconds: number): void {
    const frame = Math.round(seconds * this.sampleRate);
    this.position = this.frames > 0 ? Math.min(frame, this.frames) : frame;
    this.source.seek(this.position / this.sampleRate);
  }

  async setSpeed(speed: ReplaySpeed): Promise<void> {
    if (speed === this.speed) return;
    await this.reopen(speed, this.loop);
  }

  async setLoop(loop: boolean): Promise<void> {
    if (loop === this.loop) return;
    await this.reopen(this.speed, loop);
  }

  async close(): Promise<void> {
    this.removeTap();
    await this.feed.close();
  }

  private async reopen(speed: ReplaySpeed, loop: boolean): Promise<void> {
    const source = await openReplaySource(this.path, { speed, loop });
    // Seek before the first chunk; a paused replay stays paused.
    if (this.position > 0) source.seek(this.position / this.sampleRate);
    if (this.holds.size > 0) source.pause();
    this.speed = speed;
    this.loop = loop;
    this.source = source;
    await this.feed.replace(source);
  }
}
