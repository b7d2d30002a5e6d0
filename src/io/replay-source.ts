/**
 * Replays an audio file, or a recorded session folder, as an AudioSource: fixed-size chunks,
 * paced at real time, at a chosen speed, or as fast as the consumer takes them.
 *
 * Stream sample indices. `AudioChunk.sampleIndex` counts the samples this source has emitted,
 * not positions in the file: it starts at 0 and always grows by the previous chunk's length,
 * across loops and seeks alike. A downstream streaming transform thus sees one continuous
 * signal (its frame numbering stays consistent), and a seek or a loop restart is, to it, just
 * a change in that signal.
 *
 * Pacing. A chunk is emitted when its last sample is due, as a microphone delivers a block once
 * it has been captured; its captureTime is when its first sample is due. Due times come from an
 * anchor (see ReplayClock), so timer lateness never accumulates. At 'max' no timer is used: each
 * chunk is emitted as soon as it is decoded and the previous one's subscribers have returned
 * (emission is synchronous, so a slow consumer slows the replay rather than queueing chunks).
 * A consumer slower than a paced replay delays it the same way: late chunks then come back to
 * back, nothing is dropped. Every BUSY_SLICE_MS of work the loop yields to the event loop so
 * that other work and close() can run.
 *
 * chunks$ is hot: replay starts when it is first subscribed, and a later subscriber sees the
 * chunks from then on. It completes at the end of the file (unless looping) and on close().
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { BehaviorSubject, Observable, Subject } from 'rxjs';
import type {
  AudioChunk,
  AudioSource,
  AudioSourceState,
  AudioSourceStatus,
} from '../pipeline/audio-source.js';
import type { AudioFileFormat, DecodedAudio } from './decode/decoded-audio.js';
import { openDecodedAudio } from './decode/open-decoded-audio.js';
import { BlockAssembler } from './replay/block-assembler.js';
import { ReplayClock } from './replay/replay-clock.js';
import {
  checkReplayOptions,
  type CheckedReplayOptions,
  type ReplayOptions,
} from './replay/replay-options.js';
import { resolveReplayPath } from './replay/replay-path.js';
import { WakeSignal } from './replay/wake-signal.js';

export type { ReplayOptions, ReplaySpeed } from './replay/replay-options.js';

/** The longest stretch of work between two yields to the event loop (ms). */
const BUSY_SLICE_MS = 10;
/** close() waits this long (ms) for the replay loop to stop before releasing anyway. */
const CLOSE_WAIT_MS = 2000;

/**
 * Opens `path` (an audio file, or a session folder holding audio.wav) for replay. The headers
 * are read here: sampleRate and channelCount are known on return. Nothing plays until chunks$
 * is subscribed.
 */
export async function openReplaySource(
  path: string,
  options: ReplayOptions = {},
): Promise<ReplaySource> {
  const checked = checkReplayOptions(options);
  const audio = await openDecodedAudio(resolveReplayPath(path));
  return new ReplaySource(audio, checked);
}

export class ReplaySource implements AudioSource {
  readonly sampleRate: number;
  readonly channelCount: number;
  /** The file being decoded (a session's audio.wav for a session folder). */
  readonly path: string;
  readonly format: AudioFileFormat;
  /** Length of the file in seconds, when its headers say. */
  readonly durationSeconds: number | null;
  readonly chunks$: Observable<AudioChunk>;
  readonly status$: Observable<AudioSourceStatus>;

  private readonly output = new Subject<AudioChunk>();
  private readonly status = new BehaviorSubject<AudioSourceStatus>({
    state: 'starting',
    overruns: 0,
    droppedBlocks: 0,
  });
  private readonly assembler: BlockAssembler;
  /** null at 'max' speed. */
  private readonly clock: ReplayClock | null;
  private readonly wake = new WakeSignal();
  /** Stream index of the next sample to emit. */
  private nextSampleIndex = 0;
  /** A block read but not yet due. */
  private held: Float32Array[] | null = null;
  /** Sample frame of the file to go to before the next block, when a seek is pending. */
  private pendingSeek: number | null = null;
  private paused = false;
  private closed = false;
  private released = false;
  private pump: Promise<void> | null = null;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly audio: DecodedAudio,
    private readonly options: CheckedReplayOptions,
  ) {
    this.sampleRate = audio.sampleRate;
    this.channelCount = audio.channelCount;
    this.path = audio.path;
    this.format = audio.format;
    this.durationSeconds = audio.frames === null ? null : audio.frames / audio.sampleRate;
    this.assembler = new BlockAssembler(audio.channelCount, options.blockSize);
    this.clock = options.speed === 'max' ? null : new ReplayClock(audio.sampleRate, options.speed);
    this.status$ = this.status.asObservable();
    this.chunks$ = new Observable<AudioChunk>((subscriber) => {
      const subscription = this.output.subscribe(subscriber);
      this.start();
      return subscription;
    });
  }

  /** Goes to `seconds` from the start of the file before the next chunk (clamped to the end). */
  seek(seconds: number): void {
    if (!(Number.isFinite(seconds) && seconds >= 0)) {
      throw new RangeError(
        `seek position must be a finite number of seconds ≥ 0, got ${String(seconds)}`,
      );
    }
    if (this.closed) return;
    this.pendingSeek = Math.round(seconds * this.sampleRate);
    this.wake.wake();
  }

  /** Stops emitting until resume(); the pace restarts from the moment of resume(). */
  pause(): void {
    if (this.closed || this.paused || !this.isPlaying()) return;
    this.paused = true;
    this.setState('paused');
    this.wake.wake();
  }

  resume(): void {
    if (this.closed || !this.paused) return;
    this.paused = false;
    this.clock?.anchor(this.nextSampleIndex, performance.now());
    this.setState(this.pump === null ? 'starting' : 'running');
    this.wake.wake();
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private isPlaying(): boolean {
    const { state } = this.status.value;
    return state === 'starting' || state === 'running';
  }

  private setState(state: AudioSourceState, message?: string): void {
    this.status.next({
      state,
      overruns: 0,
      droppedBlocks: 0,
      ...(message === undefined ? {} : { message }),
    });
  }

  private start(): void {
    if (this.pump !== null || this.closed) return;
    this.pump = this.run();
  }

  private async run(): Promise<void> {
    // Let the subscriber that started the replay finish subscribing before the first chunk.
    await Promise.resolve();
    if (this.isClosed()) return;
    // A pause() before the start has already said 'paused'.
    if (!this.paused) this.setState('running');
    this.clock?.anchor(this.nextSampleIndex, performance.now());
    try {
      if (await this.emitUntilEnd()) {
        this.release();
        this.setState('ended');
        this.output.complete();
      }
    } catch (error) {
      this.release();
      const message = error instanceof Error ? error.message : String(error);
      this.setState('error', message);
      this.output.error(error);
    }
  }

  /** Emits blocks until the file ends (true) or close() (false). */
  private async emitUntilEnd(): Promise<boolean> {
    let sliceStart = performance.now();
    for (;;) {
      if (this.closed) return false;
      if (this.pendingSeek !== null) {
        await this.applySeek(this.pendingSeek);
        continue;
      }
      if (this.paused) {
        await this.wake.sleep();
        continue;
      }
      const block = this.held ?? (await this.assembler.next(this.readPiece));
      this.held = null;
      if (this.interrupted()) {
        // A control call came while decoding: keep the block unless a seek made it stale.
        this.held = this.hasPendingSeek() ? null : block;
        continue;
      }
      if (block === null) return true;
      const length = block[0]?.length ?? 0;
      // Decoding resolves promises without ever leaving the microtask queue: at 'max', or when
      // a slow consumer has put a paced replay behind, yield now and then.
      if (performance.now() - sliceStart >= BUSY_SLICE_MS) {
        this.held = block;
        await nextTurn();
        sliceStart = performance.now();
        continue;
      }
      const due = this.clock?.dueTime(this.nextSampleIndex + length) ?? 0;
      if (performance.now() < due) {
        // Sleep, then look again: a pause, seek or close may have come meanwhile.
        this.held = block;
        await this.wake.sleepUntil(due);
        sliceStart = performance.now();
        continue;
      }
      const captureTime = this.clock?.dueTime(this.nextSampleIndex) ?? performance.now();
      const sampleIndex = this.nextSampleIndex;
      this.nextSampleIndex += length;
      this.output.next({ channels: block, sampleIndex, captureTime });
    }
  }

  private isClosed(): boolean {
    return this.closed;
  }

  /** Whether close(), pause() or seek() came during the last await. */
  private interrupted(): boolean {
    return this.closed || this.paused || this.pendingSeek !== null;
  }

  private hasPendingSeek(): boolean {
    return this.pendingSeek !== null;
  }

  /** The decoder's next piece; with `loop`, the start of the file again after its end. */
  private readonly readPiece = async (): Promise<Float32Array[] | null> => {
    const piece = await this.audio.read();
    if (piece !== null || !this.options.loop || this.closed) return piece;
    await this.audio.seek(0);
    // Still nothing: an empty file, which would otherwise loop for ever.
    return this.audio.read();
  };

  private async applySeek(frame: number): Promise<void> {
    this.pendingSeek = null;
    this.held = null;
    this.assembler.clear();
    await this.audio.seek(frame);
    this.clock?.anchor(this.nextSampleIndex, performance.now());
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.audio.close();
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    this.wake.wake();
    if (this.pump !== null) {
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_WAIT_MS);
      });
      await Promise.race([this.pump, gaveUp]);
      clearTimeout(timer);
    }
    this.release();
    this.output.complete();
    this.setState('closed');
    this.status.complete();
  }
}
