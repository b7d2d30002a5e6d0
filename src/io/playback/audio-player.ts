/**
 * Plays audio on an output device through PortAudio (naudiodon's binding), paced by the device.
 *
 * Pacing. The binding keeps at most MAX_QUEUED_WRITES buffers for the device; a write beyond
 * that waits (in libuv's thread pool) until the device has taken one, so the write loop runs
 * at the device's own clock. Chunks given to play() wait here, in order; while more than
 * HIGH_WATER_CHUNKS wait, the `pausable` source is paused, and it is resumed at LOW_WATER_CHUNKS.
 * A file replayed as fast as it can be read is thus played, and analysed, at the device's rate,
 * with about (MAX_QUEUED_WRITES + HIGH_WATER_CHUNKS) chunks in hand (half a second of
 * 1024-sample chunks at 48 kHz): no drift against a separate timer, bounded memory.
 *
 * No gaps: the device starts only once its queue is full, and its buffers are large enough to
 * ride out a loaded machine (see FRAMES_PER_BUFFER).
 * naudiodon does not play silence when its queue runs dry: its audio callback waits for data,
 * and PortAudio reports an output underflow, counted in `underflows`.
 *
 * The binding copies each buffer when write() is called, so one interleaving buffer is reused.
 * A write that has not completed after `stallMs` means the device stopped taking audio (it was
 * unplugged, or its server died): playback fails with one message and the source is released.
 */
import { AudioDriverError, loadPortAudio, type PortAudioStream } from '../mic/portaudio.js';
import { findOutputDevice, type OutputDevice } from './output-devices.js';

export interface AudioPlayerOptions {
  /** Index, name or unique part of a name; default: the system's default output. */
  readonly device?: string | number;
  /** Hz: the audio's rate (the device is opened at it; the system resamples if it must). */
  readonly sampleRate: number;
  /** Channels of the chunks given to play(). A device with fewer gets their mean on each. */
  readonly channels: number;
  /** The source feeding play(), paused while enough audio waits here. */
  readonly pausable?: { pause(): void; resume(): void };
  /** Called once if playback fails; the player has then stopped. */
  readonly onError?: (message: string) => void;
  /** A write that takes longer than this (ms) means the device is gone. Default 2000. */
  readonly stallMs?: number;
}

/** What play() takes: one array per channel, all the same length (samples per channel). */
export interface PlayerChunk {
  readonly channels: readonly Float32Array[];
}

/**
 * Driver buffer: 4096 frames, 85 ms at 48 kHz. naudiodon asks PortAudio for the device's
 * lowest latency, so the driver's own buffer is a couple of these: with 1024 frames the sound
 * server underran in half the runs on a loaded 2-core machine (heard as gaps), with 4096 in none.
 */
const FRAMES_PER_BUFFER = 4096;
/** Writes the binding holds for the device before write() waits for room: 340 ms of 1024-sample chunks at 48 kHz. */
const MAX_QUEUED_WRITES = 16;
/** Chunks waiting here above which the source is paused, and at or below which it resumes. */
const HIGH_WATER_CHUNKS = 8;
const LOW_WATER_CHUNKS = 2;
const QUIT_TIMEOUT_MS = 2000;
/**
 * finish() waits this long (ms) for the device to play its queue before giving up: several
 * times the queue's length for any chunk size a replay uses.
 */
const FINISH_TIMEOUT_MS = 5000;
/** What a write that outlasted `stallMs` resolves to. */
const STALLED = Symbol('stalled');

export class AudioPlayer {
  readonly device: OutputDevice | undefined;
  readonly sampleRate: number;
  /** Channels sent to the device: the chunks' own, or 1 (their mean) for a smaller device. */
  readonly outputChannels: number;

  private readonly stream: PortAudioStream;
  private readonly waiting: PlayerChunk[] = [];
  private readonly stallMs: number;
  private scratch = new Float32Array(0);
  private started = false;
  /** Writes completed: the device starts once MAX_QUEUED_WRITES are queued. */
  private writes = 0;
  private writing: Promise<void> | undefined;
  private paused = false;
  private stopped = false;
  private failure: string | undefined;
  private playedSamples = 0;
  private underflowCount = 0;
  private stopping: Promise<void> | undefined;

  /** Opens the device; throws AudioDriverError naming the device and the reason if it cannot. */
  constructor(private readonly options: AudioPlayerOptions) {
    const portAudio = loadPortAudio();
    this.device = findOutputDevice(options.device);
    const { channels, sampleRate } = options;
    if (!Number.isInteger(channels) || channels < 1) {
      throw new AudioDriverError(`channels must be a positive integer (got ${String(channels)})`);
    }
    if (!Number.isInteger(sampleRate) || sampleRate < 1) {
      throw new AudioDriverError(
        `sample rate must be a positive integer of Hz (got ${String(sampleRate)})`,
      );
    }
    if (
      options.device === undefined &&
      !portAudio.getDevices().some((d) => d.maxOutputChannels > 0)
    )
      throw new AudioDriverError('no audio output device: playback needs one');
    this.sampleRate = sampleRate;
    this.outputChannels =
      this.device !== undefined && this.device.channels < channels ? 1 : channels;
    this.stallMs = options.stallMs ?? 2000;
    try {
      this.stream = portAudio.create({
        outOptions: {
          channelCount: this.outputChannels,
          sampleFormat: 1,
          sampleRate,
          deviceId: this.device?.index ?? -1,
          // Status flags (an underflow) come back as the write's result instead of being
          // printed on stdout; they do not close anything in the binding itself.
          closeOnError: true,
          framesPerBuffer: FRAMES_PER_BUFFER,
          maxQueue: MAX_QUEUED_WRITES,
        },
      });
    } catch (error) {
      throw new AudioDriverError(
        `cannot open ${this.device?.name ?? 'the default output'} for ${String(this.outputChannels)} channel(s) at ${String(sampleRate)} Hz: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** Sample frames the device has taken so far. */
  get samplesPlayed(): number {
    return this.playedSamples;
  }

  /** Times the device ran out of audio (the source was late). */
  get underflows(): number {
    return this.underflowCount;
  }

  /** Why playback failed, if it did. */
  get error(): string | undefined {
    return this.failure;
  }

  /** Queues a chunk for the device (ignored once stopped). Never throws for a device failure. */
  play(chunk: PlayerChunk): void {
    if (this.stopped) return;
    this.waiting.push(chunk);
    this.adjustPause();
    this.writing ??= this.writeWaiting();
  }

  /**
   * Plays what is queued to its end, then releases the device. Resolves once the device has
   * played it (or gave up: a device that stops taking audio ends it too).
   */
  async finish(): Promise<void> {
    while (this.writing !== undefined) await this.writing;
    if (this.failure !== undefined) return;
    // Stopping drops what the driver still holds (measured: the last buffer went unheard), so
    // silence follows the end until the audio has left the driver.
    this.waiting.push({
      channels: Array.from(
        { length: this.outputChannels },
        () => new Float32Array(2 * FRAMES_PER_BUFFER),
      ),
    });
    this.writing ??= this.writeWaiting();
    await this.writing;
    // Shorter than the device's queue: it has not started yet.
    this.startDevice();
    await this.stop('WAIT', FINISH_TIMEOUT_MS);
  }

  /** Stops at once, dropping what is queued. Idempotent; never hangs. */
  close(): Promise<void> {
    return this.stop('ABORT', QUIT_TIMEOUT_MS);
  }

  private async writeWaiting(): Promise<void> {
    for (let chunk = this.waiting.shift(); chunk !== undefined; chunk = this.waiting.shift()) {
      this.adjustPause();
      if (this.stopped) break;
      const frames = chunk.channels[0]?.length ?? 0;
      if (frames === 0) continue;
      const bytes = this.interleave(chunk, frames);
      let stall: NodeJS.Timeout | undefined;
      const stalled = new Promise<typeof STALLED>((resolve) => {
        stall = setTimeout(() => {
          resolve(STALLED);
        }, this.stallMs);
      });
      let result: string | Error | undefined | typeof STALLED;
      try {
        result = await Promise.race([this.stream.write(bytes), stalled]);
      } catch (error) {
        result = error instanceof Error ? error : new Error(String(error));
      } finally {
        clearTimeout(stall);
      }
      if (result === STALLED) {
        this.fail(
          `${this.device?.name ?? 'the output device'} took no audio for ${String(this.stallMs)} ms: the device is gone`,
        );
        break;
      }
      if (result instanceof Error) {
        this.fail(`audio output failed: ${result.message}`);
        break;
      }
      // PortAudio's status flags since the last write, e.g. "portAudio status - output underflow".
      if (typeof result === 'string' && result.includes('underflow')) this.underflowCount++;
      this.playedSamples += frames;
      // The device's queue is full: start it (a write beyond this waits until it plays).
      if (++this.writes === MAX_QUEUED_WRITES) this.startDevice();
    }
    this.writing = undefined;
    this.adjustPause();
  }

  private startDevice(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    try {
      this.stream.start();
    } catch (error) {
      this.fail(
        `cannot start ${this.device?.name ?? 'the default output'}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** The chunk as interleaved float32 bytes, in the reused buffer (the binding copies them). */
  private interleave(chunk: PlayerChunk, frames: number): Buffer {
    const n = this.outputChannels;
    if (this.scratch.length < frames * n) this.scratch = new Float32Array(frames * n);
    const out = this.scratch;
    const { channels } = chunk;
    if (n === 1 && channels.length > 1) {
      // A device with fewer channels than the audio: the mean of all of them.
      const scale = 1 / channels.length;
      out.fill(0, 0, frames);
      for (const channel of channels) {
        for (let f = 0; f < frames; f++) out[f] = (out[f] ?? 0) + (channel[f] ?? 0) * scale;
      }
    } else {
      channels.forEach((channel, c) => {
        for (let f = 0; f < frames; f++) out[f * n + c] = channel[f] ?? 0;
      });
    }
    return Buffer.from(out.buffer, 0, frames * n * Float32Array.BYTES_PER_ELEMENT);
  }

  private adjustPause(): void {
    const pausable = this.options.pausable;
    if (pausable === undefined) return;
    if (!this.paused && !this.stopped && this.waiting.length > HIGH_WATER_CHUNKS) {
      this.paused = true;
      pausable.pause();
    } else if (this.paused && (this.stopped || this.waiting.length <= LOW_WATER_CHUNKS)) {
      this.paused = false;
      pausable.resume();
    }
  }

  private fail(message: string): void {
    if (this.stopped) return;
    this.failure = message;
    void this.stop('ABORT', QUIT_TIMEOUT_MS);
    this.options.onError?.(message);
  }

  private stop(mode: 'ABORT' | 'WAIT', timeoutMs: number): Promise<void> {
    this.stopped = true;
    this.waiting.length = 0;
    this.adjustPause();
    this.stopping ??= (async () => {
      // Quit even a stream never started: it holds the device since it was opened.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      try {
        await Promise.race([this.stream.quit(mode), timeout]);
      } catch {
        // The stream went with its device: nothing is left to release.
      } finally {
        clearTimeout(timer);
      }
    })();
    return this.stopping;
  }
}
