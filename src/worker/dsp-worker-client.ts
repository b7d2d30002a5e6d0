/**
 * The host's side of the DSP worker: sends mono audio blocks, receives frames.
 *
 * - Blocks go into the worker's CommandRing (shared memory): the samples are written straight
 *   into a slot and the worker, blocked on the ring, wakes at once. A block longer than a slot
 *   goes in parts; when the ring is full, blocks wait here, in order, copied. Frames come back
 *   in the worker's FrameRing, copied out into one buffer that is lent to frames$ subscribers
 *   for the duration of their callback. Steady streaming thus allocates no buffer per block in
 *   either direction (counted in the status), and a block costs one message, the reply.
 * - process() returns an Observable that completes when the worker has used the block: the
 *   pipeline can bound how much audio waits (and drop the oldest under overload).
 * - If the worker dies (a crash, an exception, an out-of-memory), a new one is started and
 *   configured; the blocks that were in flight are lost, counted, and reported as a gap. The
 *   stream after a restart starts from an unknown past, as a live stream does.
 */
import { Worker } from 'node:worker_threads';
import { BehaviorSubject, Observable, Subject } from 'rxjs';
import { normalizeParams } from '../dsp/params.js';
import { selectChannel, type ChannelChoice } from '../pipeline/mix-down.js';
import { CommandRing } from '../protocol/command-ring.js';
import { FrameRing } from '../protocol/frame-ring.js';
import type { PathMeta } from '../protocol/layout.js';
import type {
  ConfigureWorker,
  EngineConfig,
  FramesData,
  SerializedError,
  WorkerToHost,
} from '../protocol/worker-messages.js';

export interface FramesPacket {
  /**
   * [count, rows] row-major. Lent: valid only until the frames$ callback returns (the buffer
   * then takes the next frames); copy what must be kept.
   */
  readonly data: Float32Array;
  readonly rows: number;
  readonly count: number;
  /** Frame k is centred on host sample `firstCentreSample + k·hop`. */
  readonly firstCentreSample: number;
  /** Host sample index just after the last sample the worker had when it emitted these frames. */
  readonly inputEnd: number;
}

export interface AnalysisGap {
  /** Host sample indices [from, to) whose analysis was lost. */
  readonly fromSample: number;
  readonly toSample: number;
  readonly reason: string;
}

export interface WorkerStatus {
  readonly state: 'starting' | 'ready' | 'restarting' | 'failed' | 'closed';
  readonly restarts: number;
  readonly lostBlocks: number;
  readonly lostSamples: number;
  /** Worker time for the last block, ms. */
  readonly lastComputeMs: number;
  /**
   * Buffers allocated so far: copies of blocks that found the ring full or were longer than a
   * slot, and the buffer frames are lent in (once, as large as the worker's frame ring). Flat
   * in steady streaming.
   */
  readonly audioBuffersAllocated: number;
  readonly frameBuffersAllocated: number;
  readonly message?: string;
}

interface InFlight {
  readonly sampleIndex: number;
  readonly length: number;
  readonly done: () => void;
}

/** A command waiting here for a free slot of the ring. */
type WaitingCommand =
  | {
      readonly kind: 'audio';
      readonly samples: Float32Array;
      readonly sampleIndex: number;
      readonly final: boolean;
    }
  | { readonly kind: 'flush' | 'reset' };

/** One worker and the rings it shares with this host. */
interface WorkerLink {
  readonly worker: Worker;
  readonly commands: CommandRing;
  /** The worker's frame ring, once it is configured. */
  frames?: FrameRing;
  /** Blocks sent and not yet done (in the ring or waiting here), oldest first. */
  readonly inFlight: InFlight[];
  /** Commands that found the ring full, in order. */
  readonly waiting: WaitingCommand[];
}

const DEFAULT_WORKER_URL = new URL('./dsp-worker.js', import.meta.url);
/** Slots of the command ring: blocks the worker may have queued before they wait here. */
const RING_SLOTS = 16;
/** Samples per slot by default; LiveAnalysis asks for its block size. */
const DEFAULT_SLOT_SAMPLES = 4096;

export class DspWorkerClient {
  readonly frames$ = new Subject<FramesPacket>();
  readonly gaps$ = new Subject<AnalysisGap>();
  readonly status$: BehaviorSubject<WorkerStatus>;
  paths: readonly PathMeta[] = [];
  hop = 0;
  latencySamples = 0;
  /** Centre of a stream's first frame, in samples from the stream's first sample. */
  firstFrameCentre = 0;

  private link: WorkerLink | undefined;
  /** Where frames are copied out of the ring and lent to subscribers: as large as the ring. */
  private lent = new Float32Array(0);
  private closing = false;
  private flushWaiters: (() => void)[] = [];

  private constructor(
    private readonly config: EngineConfig,
    private readonly workerUrl: URL,
    private readonly maxRestarts: number,
    private readonly slotSamples: number,
  ) {
    this.status$ = new BehaviorSubject<WorkerStatus>({
      state: 'starting',
      restarts: 0,
      lostBlocks: 0,
      lostSamples: 0,
      lastComputeMs: 0,
      audioBuffersAllocated: 0,
      frameBuffersAllocated: 0,
    });
  }

  /**
   * Starts a worker and configures its engine; resolves once it is ready.
   * @param options.blockSize the longest block usually sent (samples, default 4096, and at
   *   least a hop): longer ones go in parts
   */
  static async start(
    config: EngineConfig,
    options: { workerUrl?: URL; maxRestarts?: number; blockSize?: number } = {},
  ): Promise<DspWorkerClient> {
    // Slots hold a hop at least: the host's blocks are a whole number of hops (LiveAnalysis).
    const { hop } = normalizeParams(config);
    const client = new DspWorkerClient(
      config,
      options.workerUrl ?? DEFAULT_WORKER_URL,
      options.maxRestarts ?? 10,
      Math.max(options.blockSize ?? DEFAULT_SLOT_SAMPLES, hop),
    );
    await client.spawn();
    return client;
  }

  /**
   * Sends one block of mono samples (copied; `samples` stays the caller's).
   * The Observable completes once the worker has used the block, or once it is known lost.
   */
  process(samples: Float32Array, sampleIndex: number): Observable<never> {
    return this.sendBlock(samples.length, sampleIndex, (out) => {
      out.set(samples);
    });
  }

  /**
   * As process(), for the analysed signal of a multichannel block (one channel or the mean,
   * as `selectChannel`), written straight into the ring.
   */
  processChannels(
    channels: readonly Float32Array[],
    choice: ChannelChoice,
    sampleIndex: number,
  ): Observable<never> {
    const length = channels[0]?.length ?? 0;
    return this.sendBlock(length, sampleIndex, (out) => {
      selectChannel(channels, length, choice, out);
    });
  }

  private sendBlock(
    length: number,
    sampleIndex: number,
    fill: (out: Float32Array) => void,
  ): Observable<never> {
    return new Observable<never>((subscriber) => {
      const link = this.link;
      if (link === undefined || this.closing) {
        subscriber.complete();
        return;
      }
      link.inFlight.push({
        sampleIndex,
        length,
        done: () => {
          subscriber.complete();
        },
      });
      const slot = link.waiting.length === 0 ? link.commands.nextSamples() : undefined;
      if (slot !== undefined && length <= slot.length) {
        fill(slot.subarray(0, length));
        link.commands.publishAudio(length, sampleIndex, true);
        return;
      }
      // The ring is full, or the block longer than a slot: a copy waits here, in parts.
      const copy = new Float32Array(length);
      this.update({ audioBuffersAllocated: this.status$.value.audioBuffersAllocated + 1 });
      fill(copy);
      const part = link.commands.capacity;
      for (let at = 0; at < length || at === 0; at += part) {
        const end = Math.min(length, at + part);
        link.waiting.push({
          kind: 'audio',
          samples: copy.subarray(at, end),
          sampleIndex: sampleIndex + at,
          final: end === length,
        });
      }
      this.drain(link);
    });
  }

  /** Ends the stream: the worker reflect-pads the end and sends the last frames. */
  flush(): Promise<void> {
    return new Promise((resolve) => {
      const link = this.link;
      if (link === undefined) {
        resolve();
        return;
      }
      this.flushWaiters.push(resolve);
      this.command(link, 'flush');
    });
  }

  /** Starts a new stream (unknown past) without restarting the worker. */
  reset(): void {
    if (this.link !== undefined) this.command(this.link, 'reset');
  }

  /** Stops the worker. Idempotent; never hangs. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const link = this.link;
    this.link = undefined;
    for (const block of link?.inFlight ?? []) block.done();
    for (const resolve of this.flushWaiters) resolve();
    this.flushWaiters = [];
    if (link !== undefined) await link.worker.terminate();
    this.update({ state: 'closed' });
    this.frames$.complete();
    this.gaps$.complete();
    this.status$.complete();
  }

  /** Test hook and last resort: kills the worker as a crash would. */
  async killWorker(): Promise<void> {
    await this.link?.worker.terminate();
  }

  private async spawn(): Promise<void> {
    const worker = new Worker(this.workerUrl);
    const link: WorkerLink = {
      worker,
      commands: CommandRing.create(RING_SLOTS, this.slotSamples),
      inFlight: [],
      waiting: [],
    };
    this.link = link;
    const configured = new Promise<void>((resolve, reject) => {
      const onMessage = (message: WorkerToHost): void => {
        if (message.type === 'configured') {
          this.paths = message.paths;
          this.hop = message.hop;
          this.latencySamples = message.latencySamples;
          this.firstFrameCentre = message.firstFrameCentre;
          const ring = FrameRing.attach(message.frames);
          link.frames = ring;
          // A packet never outgrows the ring.
          if (this.lent.length < ring.capacity) {
            this.lent = new Float32Array(ring.capacity);
            this.update({ frameBuffersAllocated: this.status$.value.frameBuffersAllocated + 1 });
          }
          resolve();
        } else if (message.type === 'error') {
          reject(workerError(message.error));
        }
      };
      worker.once('message', onMessage);
      worker.once('error', reject);
    });
    worker.on('message', (message: WorkerToHost) => {
      this.receive(link, message);
    });
    worker.on('error', (error: unknown) => {
      void this.onWorkerDied(link, error instanceof Error ? error.message : String(error));
    });
    worker.on('exit', (code) => {
      void this.onWorkerDied(link, `the DSP worker exited (code ${String(code)})`);
    });
    const configure: ConfigureWorker = {
      type: 'configure',
      config: this.config,
      commands: link.commands.buffer,
    };
    worker.postMessage(configure);
    await configured;
    this.update({ state: 'ready' });
  }

  private receive(link: WorkerLink, message: WorkerToHost): void {
    if (link !== this.link) return;
    switch (message.type) {
      case 'frames':
        this.deliver(link, message);
        return;
      case 'release': {
        // The status first: a frames$ subscriber sees the compute time of the block it got.
        this.update({ lastComputeMs: message.computeMs });
        if (message.frames !== undefined) this.deliver(link, message.frames);
        this.drain(link);
        if (message.final) link.inFlight.shift()?.done();
        return;
      }
      case 'flushed':
        this.flushWaiters.shift()?.();
        return;
      case 'error':
        // An exception inside the worker: the worker is replaced so that no state survives it.
        void link.worker.terminate();
        return;
      case 'configured':
        return;
    }
  }

  /** Copies frames out of the worker's ring (freeing their space) and lends them out. */
  private deliver(link: WorkerLink, frames: FramesData): void {
    const ring = link.frames;
    if (ring === undefined) return;
    const length = frames.count * frames.rows;
    ring.read(frames, frames.rows, this.lent);
    this.frames$.next({
      data: this.lent.subarray(0, length),
      rows: frames.rows,
      count: frames.count,
      firstCentreSample: frames.firstCentreSample,
      inputEnd: frames.inputEnd,
    });
  }

  /** Sends a flush or a reset after everything sent before it. */
  private command(link: WorkerLink, kind: 'flush' | 'reset'): void {
    link.waiting.push({ kind });
    this.drain(link);
  }

  /** Moves waiting commands into the ring while it has room. */
  private drain(link: WorkerLink): void {
    const ring = link.commands;
    for (let next = link.waiting[0]; next !== undefined; next = link.waiting[0]) {
      if (next.kind !== 'audio') {
        if (ring.free === 0) return;
        ring.publishControl(next.kind);
      } else {
        const slot = ring.nextSamples();
        if (slot === undefined) return;
        slot.set(next.samples);
        ring.publishAudio(next.samples.length, next.sampleIndex, next.final);
      }
      link.waiting.shift();
    }
  }

  private async onWorkerDied(link: WorkerLink, reason: string): Promise<void> {
    if (link !== this.link || this.closing) return;
    this.link = undefined;
    const lost = link.inFlight;
    const first = lost[0];
    const last = lost.at(-1);
    if (first !== undefined && last !== undefined) {
      this.gaps$.next({
        fromSample: first.sampleIndex,
        toSample: last.sampleIndex + last.length,
        reason,
      });
    }
    const status = this.status$.value;
    this.update({
      state: 'restarting',
      restarts: status.restarts + 1,
      lostBlocks: status.lostBlocks + lost.length,
      lostSamples: status.lostSamples + lost.reduce((sum, b) => sum + b.length, 0),
      message: reason,
    });
    for (const block of lost) block.done();
    for (const resolve of this.flushWaiters) resolve();
    this.flushWaiters = [];
    if (status.restarts + 1 > this.maxRestarts) {
      this.update({
        state: 'failed',
        message: `the DSP worker failed ${String(status.restarts + 1)} times: ${reason}`,
      });
      return;
    }
    try {
      await this.spawn();
    } catch (error) {
      this.update({
        state: 'failed',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private update(change: Partial<WorkerStatus>): void {
    if (this.status$.closed) return;
    this.status$.next({ ...this.status$.value, ...change });
  }
}

function workerError(error: SerializedError): Error {
  const result = new Error(error.message);
  result.name = error.name;
  return result;
}
