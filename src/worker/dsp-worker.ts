/**
 * The DSP worker thread: a streaming scattering engine fed by the host's audio blocks.
 * It owns no I/O. The host's one message configures it (src/protocol/worker-messages.ts); then
 * it takes commands from the shared CommandRing, blocked in Atomics.wait between them, and
 * writes frames into its FrameRing, with one reply message per command.
 *
 * Blocking keeps the thread out of its event loop, which is what makes a block cheap (see
 * command-ring.ts); once a second it goes back to the loop for a turn, so that the runtime's
 * own tasks (garbage collection steps, finalisers) still run.
 */
import { parentPort } from 'node:worker_threads';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  createScatteringEngine,
  type ScatteringEngine,
  type ScatteringStream,
} from '../dsp/index.js';
import { CommandRing, type RingCommand } from '../protocol/command-ring.js';
import { FrameRing, type RingPacket } from '../protocol/frame-ring.js';
import {
  serializeError,
  type ConfigureWorker,
  type EngineConfig,
  type FramesData,
  type WorkerToHost,
} from '../protocol/worker-messages.js';
import { installNativePffft } from './native-pffft.js';

if (parentPort === null) throw new Error('dsp-worker must run as a worker thread');
const port = parentPort;
installNativePffft();

/** Longest stretch (ms) without a turn of the event loop. */
const EVENT_LOOP_TURN_MS = 1000;
/**
 * The frame ring holds 64 frames and 64 KB at least: a live block's few frames never fill it;
 * a long block's or a flush's (up to the latency's worth at once) may, and then go out in parts.
 */
const RING_FRAMES = 64;
const MIN_RING_VALUES = 1 << 14;

function post(message: WorkerToHost): void {
  port.postMessage(message);
}

/** One engine's stream, fed by the command ring. */
class WorkerStream {
  private readonly frames: FrameRing;
  private readonly stream: ScatteringStream;
  private readonly rows: number;
  private readonly hop: number;
  /** A file with a known length: frame centres follow Kymatio's grid from sample 0. */
  private readonly fileMode: boolean;
  /** Stream index of the last frame put in the ring: a packet's frames are the ones before. */
  private lastIndex = -1;
  /** Host sample index just after the last sample received. */
  private inputEnd = 0;
  /** Host sample index of this stream's first sample: frame centres are relative to it. */
  private streamStart = -1;
  private readonly sendEarly = (packet: RingPacket): void => {
    post({ type: 'frames', ...this.describe(packet) });
  };

  constructor(engine: ScatteringEngine, config: EngineConfig) {
    this.rows = engine.layout.paths.length;
    this.hop = engine.params.hop;
    this.fileMode = config.signalLength !== undefined;
    this.frames = FrameRing.create(
      2 ** Math.ceil(Math.log2(Math.max(RING_FRAMES * this.rows, MIN_RING_VALUES))),
    );
    this.stream = engine.createStream(
      (frame, index) => {
        this.frames.add(frame, this.sendEarly);
        this.lastIndex = index;
      },
      config.signalLength === undefined
        ? { silentPast: config.silentPast === true }
        : { signalLength: config.signalLength },
    );
  }

  /** The reply to 'configure'. */
  configured(engine: ScatteringEngine): WorkerToHost {
    return {
      type: 'configured',
      paths: engine.layout.paths,
      hop: this.hop,
      latencySamples: this.stream.latencySamples,
      firstFrameCentre: this.stream.firstCentre + this.stream.firstFrame * this.hop,
      frames: this.frames.buffer,
    };
  }

  handle(command: RingCommand): void {
    switch (command.kind) {
      case 'audio': {
        if (this.streamStart < 0) this.streamStart = command.sampleIndex;
        this.inputEnd = command.sampleIndex + command.samples.length;
        const started = performance.now();
        this.stream.push(command.samples);
        const computeMs = performance.now() - started;
        const packet = this.frames.take();
        post({
          type: 'release',
          sampleIndex: command.sampleIndex,
          final: command.final,
          ...(packet === undefined ? {} : { frames: this.describe(packet) }),
          computeMs,
        });
        return;
      }
      case 'flush': {
        this.stream.flush();
        const packet = this.frames.take();
        if (packet !== undefined) this.sendEarly(packet);
        post({ type: 'flushed' });
        return;
      }
      case 'reset':
        this.stream.reset();
        this.streamStart = -1;
        this.frames.discard();
        return;
    }
  }

  private describe(packet: RingPacket): FramesData {
    // The engine emits a stream's frames in order, one index after another.
    const first = this.lastIndex - packet.count + 1;
    const firstCentreSample = this.fileMode
      ? this.stream.firstCentre + first * this.hop
      : this.streamStart + first * this.hop;
    return {
      at: packet.at,
      count: packet.count,
      rows: this.rows,
      firstCentreSample,
      inputEnd: this.inputEnd,
    };
  }
}

/** Takes the ring's commands in order, for ever (the host terminates the thread). */
async function serve(worker: WorkerStream, commands: CommandRing): Promise<never> {
  let turnAt = performance.now();
  for (;;) {
    const command = commands.peek();
    if (command !== undefined) {
      try {
        worker.handle(command);
      } catch (error) {
        post({ type: 'error', error: serializeError(error) });
      }
      commands.release();
    } else {
      commands.waitForCommand(EVENT_LOOP_TURN_MS);
    }
    if (performance.now() - turnAt >= EVENT_LOOP_TURN_MS) {
      await nextTurn();
      turnAt = performance.now();
    }
  }
}

port.once('message', (message: ConfigureWorker) => {
  void (async () => {
    const { config } = message;
    const engine = await createScatteringEngine(
      {
        J: config.J,
        Q: config.Q,
        ...(config.T === undefined ? {} : { T: config.T }),
        maxOrder: config.maxOrder,
        oversampling: config.oversampling,
      },
      config.precision,
      config.blocks,
    );
    const worker = new WorkerStream(engine, config);
    post(worker.configured(engine));
    await serve(worker, CommandRing.attach(message.commands));
  })().catch((error: unknown) => {
    post({ type: 'error', error: serializeError(error) });
  });
});
