/**
 * The host's side of the DSP worker: sends mono audio blocks, receives frames.
 *
 * - Audio crosses by transfer. Each buffer comes back in a 'release' message and returns to a
 *   pool; frames come in pooled buffers too, lent to frames$ subscribers for the duration of
 *   their callback and then given back to the worker with the next block. Steady streaming
 *   thus allocates no ArrayBuffer per block in either direction (counted in the status), and
 *   a block costs one message each way.
 * - process() returns an Observable that completes when the worker has used the block: the
 *   pipeline can bound how much audio waits (and drop the oldest under overload).
 * - If the worker dies (a crash, an exception, an out-of-memory), a new one is started and
 *   configured; the blocks that were in flight are lost, counted, and reported as a gap. The
 *   stream after a restart starts from an unknown past, as a live stream does.
 */
import { Worker } from 'node:worker_threads';
import { BehaviorSubject, Observable, Subject } from 'rxjs';
import { selectChannel, type ChannelChoice } from '../pipeline/mix-down.js';
import type { PathMeta } from '../protocol/layout.js';
import type {
  EngineConfig,
  FramesData,
  HostToWorker,
  SerializedError,
  WorkerToHost,
} from '../protocol/worker-messages.js';

export interface FramesPacket {
  /**
   * [count, rows] row-major. Lent: valid only until the frames$ callback returns (the buffer
   * then goes back to the worker for the next frames); copy what must be kept.
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
  /** ArrayBuffers allocated so far for audio (here) and for frames (in the worker): flat once warm. */
  readonly audioBuffersAllocated: number;
  readonly frameBuffersAllocated: number;
  readonly message?: string;
}

interface InFlight {
  readonly sampleIndex: number;
  readonly length: number;
  readonly done: () => void;
}

const DEFAULT_WORKER_URL = new URL('./dsp-worker.js', import.meta.url);

export class DspWorkerClient {
  readonly frames$ = new Subject<FramesPacket>();
  readonly gaps$ = new Subject<AnalysisGap>();
  readonly status$: BehaviorSubject<WorkerStatus>;
  paths: readonly PathMeta[] = [];
  hop = 0;
  latencySamples = 0;
  /** Centre of a stream's first frame, in samples from the stream's first sample. */
  firstFrameCentre = 0;

  private worker: Worker | undefined;
  private readonly inFlight = new Map<number, InFlight>();
  private readonly pool: ArrayBuffer[] = [];
  /** Frame buffers delivered, to go back to the worker with the next block. */
  private recycled: ArrayBuffer[] = [];
  private closing = false;
  private flushWaiters: (() => void)[] = [];

  private constructor(
    private readonly config: EngineConfig,
    private readonly workerUrl: URL,
    private readonly maxRestarts: number,
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

  /** Starts a worker and configures its engine; resolves once it is ready. */
  static async start(
    config: EngineConfig,
    options: { workerUrl?: URL; maxRestarts?: number } = {},
  ): Promise<DspWorkerClient> {
    const client = new DspWorkerClient(
      config,
      options.workerUrl ?? DEFAULT_WORKER_URL,
      options.maxRestarts ?? 10,
    );
    await client.spawn();
    return client;
  }

  /**
   * Sends one block of mono samples (copied into a pooled buffer; `samples` stays the caller's).
   * The Observable completes once the worker has used the block, or once it is known lost.
   */
  process(samples: Float32Array, sampleIndex: number): Observable<never> {
    return this.sendBlock(samples.length, sampleIndex, (out) => {
      out.set(samples);
    });
  }

  /**
   * As process(), for the analysed signal of a multichannel block (one channel or the mean,
   * as `selectChannel`), written straight into the pooled buffer.
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
      const worker = this.worker;
      if (worker === undefined || this.closing) {
        subscriber.complete();
        return;
      }
      const buffer = this.takeBuffer(length);
      const copy = new Float32Array(buffer, 0, length);
      fill(copy);
      this.inFlight.set(sampleIndex, {
        sampleIndex,
        length,
        done: () => {
          subscriber.complete();
        },
      });
      const recycled = this.recycled;
      this.recycled = [];
      this.send({ type: 'audio', samples: copy, sampleIndex, recycled }, [buffer, ...recycled]);
    });
  }

  /** Ends the stream: the worker reflect-pads the end and sends the last frames. */
  flush(): Promise<void> {
    return new Promise((resolve) => {
      if (this.worker === undefined) {
        resolve();
        return;
      }
      this.flushWaiters.push(resolve);
      this.send({ type: 'flush' });
    });
  }

  /** Starts a new stream (unknown past) without restarting the worker. */
  reset(): void {
    this.send({ type: 'reset' });
  }

  /** Stops the worker. Idempotent; never hangs. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const worker = this.worker;
    this.worker = undefined;
    for (const block of this.inFlight.values()) block.done();
    this.inFlight.clear();
    for (const resolve of this.flushWaiters) resolve();
    this.flushWaiters = [];
    if (worker !== undefined) await worker.terminate();
    this.update({ state: 'closed' });
    this.frames$.complete();
    this.gaps$.complete();
    this.status$.complete();
  }

  /** Test hook and last resort: kills the worker as a crash would. */
  async killWorker(): Promise<void> {
    await this.worker?.terminate();
  }

  private async spawn(): Promise<void> {
    const worker = new Worker(this.workerUrl);
    this.worker = worker;
    const configured = new Promise<void>((resolve, reject) => {
      const onMessage = (message: WorkerToHost): void => {
        if (message.type === 'configured') {
          this.paths = message.paths;
          this.hop = message.hop;
          this.latencySamples = message.latencySamples;
          this.firstFrameCentre = message.firstFrameCentre;
          resolve();
        } else if (message.type === 'error') {
          reject(workerError(message.error));
        }
      };
      worker.once('message', onMessage);
      worker.once('error', reject);
    });
    worker.on('message', (message: WorkerToHost) => {
      this.receive(message);
    });
    worker.on('error', (error: unknown) => {
      void this.onWorkerDied(worker, error instanceof Error ? error.message : String(error));
    });
    worker.on('exit', (code) => {
      void this.onWorkerDied(worker, `the DSP worker exited (code ${String(code)})`);
    });
    this.send({ type: 'configure', config: this.config });
    await configured;
    this.update({ state: 'ready' });
  }

  private receive(message: WorkerToHost): void {
    switch (message.type) {
      case 'frames':
        this.deliver(message);
        return;
      case 'release': {
        // The status first: a frames$ subscriber sees the compute time of the block it got.
        this.update({
          lastComputeMs: message.computeMs,
          frameBuffersAllocated: message.frameBuffersAllocated,
        });
        if (message.frames !== undefined) this.deliver(message.frames);
        this.pool.push(message.buffer);
        const block = this.inFlight.get(message.sampleIndex);
        this.inFlight.delete(message.sampleIndex);
        block?.done();
        return;
      }
      case 'flushed':
        this.flushWaiters.shift()?.();
        return;
      case 'error':
        // An exception inside the worker: the worker is replaced so that no state survives it.
        void this.worker?.terminate();
        return;
      case 'configured':
        return;
    }
  }

  private deliver(frames: FramesData): void {
    this.frames$.next({
      data: frames.data,
      rows: frames.rows,
      count: frames.count,
      firstCentreSample: frames.firstCentreSample,
      inputEnd: frames.inputEnd,
    });
    // Every subscriber has returned: the buffer goes back for the next frames.
    this.recycled.push(frames.data.buffer as ArrayBuffer);
  }

  private async onWorkerDied(worker: Worker, reason: string): Promise<void> {
    if (worker !== this.worker || this.closing) return;
    this.worker = undefined;
    const lost = [...this.inFlight.values()].sort((a, b) => a.sampleIndex - b.sampleIndex);
    this.inFlight.clear();
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

  private takeBuffer(length: number): ArrayBuffer {
    const bytes = length * Float32Array.BYTES_PER_ELEMENT;
    const index = this.pool.findIndex((b) => b.byteLength >= bytes);
    const pooled = index >= 0 ? this.pool.splice(index, 1)[0] : undefined;
    if (pooled !== undefined) return pooled;
    this.update({ audioBuffersAllocated: this.status$.value.audioBuffersAllocated + 1 });
    return new ArrayBuffer(bytes);
  }

  private send(message: HostToWorker, transfer: ArrayBuffer[] = []): void {
    this.worker?.postMessage(message, transfer);
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
