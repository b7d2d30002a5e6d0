/**
 * The microphone as an AudioSource, on PortAudio (naudiodon's binding).
 *
 * - The sample format is always explicit (float32 or int16): naudiodon's default, 8-bit,
 *   returns garbage.
 * - PortAudio never reports a lost device: the data just stops. A watchdog raises
 *   'device-lost' when no data has come for `watchdogMs` (0.85 s), then stops the stream.
 * - close() aborts the stream (pending reads end at once) and gives up waiting after 2 s, so
 *   stopping never hangs.
 * - A chunk's captureTime is when the device captured it, estimated from the earliest buffer
 *   arrivals (CaptureClock), not when this thread got round to reading it.
 */
import { BehaviorSubject, Observable, Subject } from 'rxjs';
import type { AudioChunk, AudioSource, AudioSourceStatus } from '../../pipeline/audio-source.js';
import { CaptureClock } from './capture-clock.js';
import { findInputDevice, type InputDevice } from './input-devices.js';
import { AudioDriverError, loadPortAudio, type PortAudioStream } from './portaudio.js';

export interface MicOptions {
  /** Index, name or unique part of a name; default: the system's default input. */
  readonly device?: string | number;
  /** Hz; default: the device's default rate (48000 for the default device). */
  readonly sampleRate?: number;
  /** Default 1. */
  readonly channels?: number;
  /** Default float32. */
  readonly format?: 'float32' | 'int16';
  /**
   * No data for this long means the device is gone. Default 850 ms (a timer that every buffer
   * re-arms, so it fires only when the data stops): lost within 1 s.
   */
  readonly watchdogMs?: number;
  /** Allowance for the first data after start (drivers take a while to open). Default 3000 ms. */
  readonly startupMs?: number;
  /** Sample frames per driver buffer. Default 1024 (21.3 ms at 48 kHz): see framesPerRead. */
  readonly framesPerBuffer?: number;
  /**
   * Sample frames per read, and so per chunk delivered: a whole number of driver buffers.
   * Default 2048, the block the analysis takes: a read resolves when its last driver buffer
   * arrives, so a block leaves as soon as it is complete. Every read wakes this thread, the
   * binding's thread pool and the DSP worker (on a virtual machine about 0.1 ms of CPU each),
   * so fewer, larger reads cost less: measured on the virtual microphone (bench/live-bench.ts),
   * 1024-frame buffers read two at a time took 0.9 points of a core less than 512-frame buffers
   * read two at a time, at the same delivery delay (median 12 ms); 2048-frame driver buffers
   * cost less again but arrived 16 ms later (median).
   */
  readonly framesPerRead?: number;
}

const CLOSE_TIMEOUT_MS = 2000;
const DEFAULT_FRAMES_PER_BUFFER = 1024;
const DEFAULT_FRAMES_PER_READ = 2048;
/**
 * Audio that may wait for this thread in the binding's queue: about 4 s. naudiodon's default
 * (2 buffers) blocks its audio callback, and so loses audio, whenever this thread stalls for
 * 20 ms (a garbage collection, a disk flush); measured as phase jumps in a recorded tone.
 */
const MAX_QUEUED_MS = 4000;

export class MicSource implements AudioSource {
  readonly sampleRate: number;
  readonly channelCount: number;
  readonly device: InputDevice | undefined;
  readonly chunks$: Observable<AudioChunk>;
  readonly status$: Observable<AudioSourceStatus>;

  private readonly chunks = new Subject<AudioChunk>();
  private readonly status: BehaviorSubject<AudioSourceStatus>;
  private readonly stream: PortAudioStream;
  private readonly format: 'float32' | 'int16';
  /** Fires when no data has come for the allowed time; every buffer re-arms it. */
  private watchdog: ReturnType<typeof setTimeout>;
  private readonly watchdogMs: number;
  private readonly framesPerBuffer: number;
  private readonly framesPerRead: number;
  private readonly clock: CaptureClock;
  private sampleIndex = 0;
  private lastData: number;
  private gotData = false;
  private closed = false;
  private stopping: Promise<void> | undefined;

  constructor(options: MicOptions = {}) {
    const portAudio = loadPortAudio();
    this.device = findInputDevice(options.device);
    this.channelCount = options.channels ?? 1;
    this.sampleRate = options.sampleRate ?? this.device?.defaultSampleRate ?? 48_000;
    this.format = options.format ?? 'float32';
    this.framesPerBuffer = options.framesPerBuffer ?? DEFAULT_FRAMES_PER_BUFFER;
    this.framesPerRead =
      options.framesPerRead ?? Math.max(this.framesPerBuffer, DEFAULT_FRAMES_PER_READ);
    this.clock = new CaptureClock(this.sampleRate);
    if (!Number.isInteger(this.framesPerBuffer) || this.framesPerBuffer < 16) {
      throw new AudioDriverError(
        `frames per buffer must be an integer of at least 16 (got ${String(this.framesPerBuffer)})`,
      );
    }
    if (
      !Number.isInteger(this.framesPerRead) ||
      this.framesPerRead < this.framesPerBuffer ||
      this.framesPerRead % this.framesPerBuffer !== 0
    ) {
      throw new AudioDriverError(
        `frames per read must be a whole number of driver buffers of ${String(this.framesPerBuffer)} frames (got ${String(this.framesPerRead)})`,
      );
    }
    if (!Number.isInteger(this.channelCount) || this.channelCount < 1) {
      throw new AudioDriverError(
        `channels must be a positive integer (got ${String(this.channelCount)})`,
      );
    }
    if (this.device !== undefined && this.channelCount > this.device.channels) {
      throw new AudioDriverError(
        `${this.device.name} has ${String(this.device.channels)} input channel(s); ${String(this.channelCount)} asked`,
      );
    }
    this.status = new BehaviorSubject<AudioSourceStatus>({
      state: 'starting',
      overruns: 0,
      droppedBlocks: 0,
    });
    this.chunks$ = this.chunks.asObservable();
    this.status$ = this.status.asObservable();
    try {
      this.stream = portAudio.create({
        inOptions: {
          channelCount: this.channelCount,
          sampleFormat: this.format === 'float32' ? 1 : 16,
          sampleRate: this.sampleRate,
          deviceId: this.device?.index ?? -1,
          closeOnError: false,
          framesPerBuffer: this.framesPerBuffer,
          maxQueue: Math.ceil((MAX_QUEUED_MS * this.sampleRate) / 1000 / this.framesPerBuffer),
        },
      });
      this.stream.start();
    } catch (error) {
      throw new AudioDriverError(
        `cannot open ${this.device?.name ?? 'the default input'} at ${String(this.sampleRate)} Hz: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    this.lastData = performance.now();
    this.watchdogMs = options.watchdogMs ?? 850;
    this.watchdog = this.armWatchdog(options.startupMs ?? 3000);
    void this.readLoop();
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.setState('closed');
    }
    return this.stop();
  }

  private async readLoop(): Promise<void> {
    const bytesPerFrame = this.channelCount * (this.format === 'float32' ? 4 : 2);
    // Whole driver buffers per read: the read resolves as soon as the last has arrived.
    const request = this.framesPerRead * bytesPerFrame;
    while (!this.closed) {
      let result;
      try {
        result = await this.stream.read(request);
      } catch (error) {
        this.fail(
          'error',
          `audio input failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        return;
      }
      // close() may have run while the read was pending.
      if (this.isClosed()) return;
      if (result.err !== undefined) {
        this.fail('error', `audio input failed: ${result.err.message}`);
        return;
      }
      if (result.finished === true || result.buf === undefined) {
        this.fail(
          'device-lost',
          `${this.device?.name ?? 'the input device'} stopped delivering audio`,
        );
        return;
      }
      this.deliver(result.buf, bytesPerFrame);
    }
  }

  /** De-interleaves one driver buffer into a chunk per channel. */
  private deliver(buffer: Buffer, bytesPerFrame: number): void {
    const frames = Math.floor(buffer.length / bytesPerFrame);
    if (frames === 0) return;
    const now = performance.now();
    if (!this.gotData) {
      this.gotData = true;
      this.setState('running');
      clearTimeout(this.watchdog);
      this.watchdog = this.armWatchdog(this.watchdogMs);
    } else {
      this.watchdog.refresh();
    }
    this.lastData = now;
    const channels = deinterleave(buffer, frames, this.channelCount, this.format);
    this.clock.observe(now, this.sampleIndex + frames);
    const captureTime = this.clock.timeOf(this.sampleIndex);
    this.chunks.next({ channels, sampleIndex: this.sampleIndex, captureTime });
    this.sampleIndex += frames;
  }

  /**
   * A timer that declares the device lost after `ms` without data. Buffers re-arm it with
   * refresh(), which costs no wake-up: a periodic check would wake this thread ten times a
   * second for nothing.
   */
  private armWatchdog(ms: number): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      const silentFor = performance.now() - this.lastData;
      this.fail(
        'device-lost',
        `no audio from ${this.device?.name ?? 'the input device'} for ${String(Math.round(silentFor))} ms: the device is gone`,
      );
    }, ms);
    timer.unref();
    return timer;
  }

  private isClosed(): boolean {
    return this.closed;
  }

  private fail(state: 'device-lost' | 'error', message: string): void {
    if (this.closed) return;
    this.closed = true;
    this.status.next({ ...this.status.value, state, message });
    void this.stop();
  }

  private setState(state: AudioSourceStatus['state']): void {
    if (this.status.value.state !== state) this.status.next({ ...this.status.value, state });
  }

  private stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearTimeout(this.watchdog);
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref());
      try {
        await Promise.race([this.stream.quit('ABORT'), timeout]);
      } catch {
        // The stream is already gone with its device: nothing is left to release.
      }
      this.chunks.complete();
      this.status.complete();
    })();
    return this.stopping;
  }
}

/** Typed arrays use the machine's byte order; the driver's samples are little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * One Float32Array per channel from `frames` interleaved little-endian samples. float32 is
 * read through a typed view when the bytes are aligned (as the binding's buffers are): a
 * block copy for mono, rather than a DataView call per sample.
 */
function deinterleave(
  buffer: Buffer,
  frames: number,
  channelCount: number,
  format: 'float32' | 'int16',
): Float32Array[] {
  const n = channelCount;
  const bytes = frames * n * (format === 'float32' ? 4 : 2);
  const aligned = buffer.byteOffset % 4 === 0;
  if (format === 'float32' && aligned && LITTLE_ENDIAN) {
    const samples = new Float32Array(buffer.buffer, buffer.byteOffset, frames * n);
    if (n === 1) return [samples.slice()];
    return Array.from({ length: n }, (_, c) => {
      const out = new Float32Array(frames);
      for (let f = 0; f < frames; f++) out[f] = samples[f * n + c] ?? 0;
      return out;
    });
  }
  const view = new DataView(buffer.buffer, buffer.byteOffset, bytes);
  return Array.from({ length: n }, (_, c) => {
    const out = new Float32Array(frames);
    if (format === 'float32') {
      for (let f = 0; f < frames; f++) out[f] = view.getFloat32((f * n + c) * 4, true);
    } else {
      for (let f = 0; f < frames; f++) out[f] = view.getInt16((f * n + c) * 2, true) / 32768;
    }
    return out;
  });
}
