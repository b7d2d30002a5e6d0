/**
 * The engine host's core: an AudioSource analysed by the DSP worker, with a lossless tap for
 * recording.
 *
 *   source.chunks$ ──┬─ onAudio (every sample, in order: the recording path never drops)
 *                    └─ reframe(block) → queue of `queueBlocks`
 *                         (drops the oldest block under overload, counted)
 *                         → the analysed channel (or mix), into the worker's shared ring
 *                         → DSP worker
 *   worker frames ──── frames$ (and onFrames)
 *
 * stop() closes the source, lets the worker finish what it has, and resolves when everything
 * is released.
 */
import { BehaviorSubject, connectable, Observable, Subject, type Subscription } from 'rxjs';
import type { AudioChunk, AudioSource, AudioSourceStatus } from '../pipeline/audio-source.js';
import { concatMapDroppingOldest } from '../pipeline/drop-oldest.js';
import type { ChannelChoice } from '../pipeline/mix-down.js';
import { reframe } from '../pipeline/reframe.js';
import type { EngineConfig } from '../protocol/worker-messages.js';
import {
  DspWorkerClient,
  type AnalysisGap,
  type FramesPacket,
  type WorkerStatus,
} from '../worker/dsp-worker-client.js';

/**
 * Samples per analysis block by default: 42.7 ms at 48 kHz, as the microphone delivers them
 * (MicSource's framesPerRead). Each block wakes the DSP worker and, with its frames, this
 * thread: on a virtual machine about 0.1 ms of CPU per wake-up, so half as many blocks as
 * 1024-sample ones save about a point of a core in a live session (bench/live-bench.ts), while
 * frames still reach the page at over 20 updates a second.
 */
export const DEFAULT_ANALYSIS_BLOCK = 2048;

/** What the analysis will produce, known once the worker is configured. */
export interface AnalysisInfo {
  readonly paths: DspWorkerClient['paths'];
  readonly hop: number;
  readonly latencySamples: number;
  /** Centre of the first frame, in samples from the source's first sample. */
  readonly firstFrameCentre: number;
}

export interface LiveAnalysisOptions {
  /**
   * The input, or a function that opens it once the worker is ready (so that a live device
   * starts capturing only when every path can take its audio, and the caller can prepare its
   * outputs from `info` first).
   */
  readonly source: AudioSource | ((info: AnalysisInfo) => AudioSource);
  readonly engine: EngineConfig;
  readonly channel: ChannelChoice;
  /**
   * Samples per block sent to the worker. Default: DEFAULT_ANALYSIS_BLOCK or the hop if larger,
   * so that every block starts on the frame grid and a stream restarted after a worker crash
   * keeps it.
   */
  readonly blockSize?: number;
  /** Blocks that may wait for the worker before the oldest is dropped. Default 16. */
  readonly queueBlocks?: number;
  /**
   * For a source that can wait (a replayed file): pause it while the queue is nearly full and
   * resume it once half drained, so that nothing is dropped and memory stays bounded.
   */
  readonly pausable?: { pause(): void; resume(): void };
  /** Every captured chunk, synchronously and in order (the recording path). */
  readonly onAudio?: (chunk: AudioChunk) => void;
  readonly workerUrl?: URL;
}

export interface LiveStatus {
  readonly source: AudioSourceStatus;
  readonly worker: WorkerStatus;
  /** Analysis blocks dropped because the worker fell behind. */
  readonly droppedBlocks: number;
  /** Samples received from the source. */
  readonly samples: number;
}

export class LiveAnalysis {
  readonly frames$: Observable<FramesPacket>;
  readonly gaps$: Observable<AnalysisGap>;
  readonly status$: BehaviorSubject<LiveStatus>;
  /** Resolves when the source has ended and the worker has analysed everything it was given. */
  readonly finished: Promise<void>;

  private readonly subscriptions: Subscription[] = [];

  private readonly source: AudioSource;

  private constructor(
    options: LiveAnalysisOptions,
    private readonly worker: DspWorkerClient,
  ) {
    this.source =
      typeof options.source === 'function'
        ? options.source({
            paths: worker.paths,
            hop: worker.hop,
            latencySamples: worker.latencySamples,
            firstFrameCentre: worker.firstFrameCentre,
          })
        : options.source;
    this.frames$ = worker.frames$;
    this.gaps$ = worker.gaps$;
    this.status$ = new BehaviorSubject<LiveStatus>({
      source: { state: 'starting', overruns: 0, droppedBlocks: 0 },
      worker: worker.status$.value,
      droppedBlocks: 0,
      samples: 0,
    });
    const source = this.source;
    this.subscriptions.push(
      source.status$.subscribe((s) => {
        this.update({ source: s });
      }),
      worker.status$.subscribe((w) => {
        this.update({ worker: w });
      }),
    );
    // Both paths subscribe before the source starts, so neither misses a chunk.
    const chunks = connectable(source.chunks$, { connector: () => new Subject<AudioChunk>() });
    let samples = 0;
    const capacity = options.queueBlocks ?? 16;
    let paused = false;
    if (options.onAudio !== undefined) {
      const onAudio = options.onAudio;
      this.subscriptions.push(
        chunks.subscribe((chunk) => {
          onAudio(chunk);
        }),
      );
    }
    this.finished = new Promise<void>((resolve, reject) => {
      this.subscriptions.push(
        chunks
          .pipe(
            reframe(
              options.blockSize ?? Math.max(DEFAULT_ANALYSIS_BLOCK, worker.hop),
              source.sampleRate,
            ),
            concatMapDroppingOldest(
              capacity,
              (block) => {
                samples = block.sampleIndex + (block.channels[0]?.length ?? 0);
                this.update({ samples });
                return worker.processChannels(block.channels, options.channel, block.sampleIndex);
              },
              () => {
                this.update({ droppedBlocks: this.status$.value.droppedBlocks + 1 });
              },
              (waiting) => {
                const pausable = options.pausable;
                if (pausable === undefined) return;
                if (!paused && waiting >= capacity - 1) {
                  paused = true;
                  pausable.pause();
                } else if (paused && waiting <= capacity / 2) {
                  paused = false;
                  pausable.resume();
                }
              },
            ),
          )
          .subscribe({
            complete: () => {
              resolve();
            },
            error: (error: unknown) => {
              reject(error instanceof Error ? error : new Error(String(error)));
            },
          }),
      );
    });
    this.subscriptions.push(chunks.connect());
  }

  static async start(options: LiveAnalysisOptions): Promise<LiveAnalysis> {
    const worker = await DspWorkerClient.start(options.engine, {
      ...(options.workerUrl === undefined ? {} : { workerUrl: options.workerUrl }),
      blockSize: options.blockSize ?? DEFAULT_ANALYSIS_BLOCK,
    });
    try {
      return new LiveAnalysis(options, worker);
    } catch (error) {
      // The source could not open (no device, a bad file): release the worker, or it would keep
      // the process alive.
      await worker.close();
      throw error;
    }
  }

  get paths(): DspWorkerClient['paths'] {
    return this.worker.paths;
  }

  get hop(): number {
    return this.worker.hop;
  }

  get latencySamples(): number {
    return this.worker.latencySamples;
  }

  get sampleRate(): number {
    return this.source.sampleRate;
  }

  /**
   * Ends the analysis: `flush` reflect-pads the end (a file that ended) to emit the last frames.
   * Resolves once the source, the worker and every subscription are released.
   */
  async stop(flush = false): Promise<void> {
    await this.source.close();
    await this.finished.catch(() => undefined);
    if (flush) await this.worker.flush();
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await this.worker.close();
    this.status$.complete();
  }

  private update(change: Partial<LiveStatus>): void {
    // A completed subject ignores next(): updates after stop() are dropped.
    this.status$.next({ ...this.status$.value, ...change });
  }
}
