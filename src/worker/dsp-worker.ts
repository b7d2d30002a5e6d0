/**
 * The DSP worker thread: a streaming scattering engine fed by the host's audio blocks.
 * It owns no I/O; everything arrives and leaves as messages (src/protocol/worker-messages.ts).
 */
import { parentPort, type Transferable } from 'node:worker_threads';
import { createScatteringEngine, type ScatteringStream } from '../dsp/index.js';
import {
  serializeError,
  type FramesData,
  type HostToWorker,
  type WorkerToHost,
} from '../protocol/worker-messages.js';
import { FramePool } from './frame-pool.js';
import { installNativePffft } from './native-pffft.js';

if (parentPort === null) throw new Error('dsp-worker must run as a worker thread');
const port = parentPort;
installNativePffft();

let stream: ScatteringStream | undefined;
/** Frames collected while one message is processed, then sent together in a pooled buffer. */
const frames = new FramePool();
let firstIndex = -1;
/** Host sample index just after the last sample received. */
let inputEnd = 0;
/** Host sample index of this stream's first sample: frame centres are relative to it. */
let streamStart = -1;
let hop = 1;
/** A file with a known length: frame centres follow Kymatio's grid from sample 0. */
let fileMode = false;

function post(message: WorkerToHost, transfer: Transferable[] = []): void {
  port.postMessage(message, transfer);
}

let rows = 0;

/** The frames gathered since the last call, in a pooled buffer; undefined when none. */
function takeFrames(): FramesData | undefined {
  if (frames.size === 0) return undefined;
  const count = frames.size;
  const data = frames.take();
  const firstCentreSample = fileMode
    ? (stream?.firstCentre ?? 0) + firstIndex * hop
    : streamStart + firstIndex * hop;
  firstIndex = -1;
  return { data, rows, count, firstCentreSample, inputEnd };
}

async function handle(message: HostToWorker): Promise<void> {
  switch (message.type) {
    case 'configure': {
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
      rows = engine.layout.paths.length;
      frames.configure(rows);
      hop = engine.params.hop;
      streamStart = -1;
      fileMode = config.signalLength !== undefined;
      stream = engine.createStream(
        (frame, index) => {
          if (firstIndex < 0) firstIndex = index;
          frames.add(frame);
        },
        config.signalLength === undefined
          ? { silentPast: config.silentPast === true }
          : { signalLength: config.signalLength },
      );
      post({
        type: 'configured',
        paths: engine.layout.paths,
        hop,
        latencySamples: stream.latencySamples,
        firstFrameCentre: stream.firstCentre + stream.firstFrame * hop,
      });
      return;
    }
    case 'audio': {
      if (stream === undefined) throw new Error('audio before configure');
      for (const buffer of message.recycled) frames.recycle(buffer);
      if (streamStart < 0) streamStart = message.sampleIndex;
      inputEnd = message.sampleIndex + message.samples.length;
      const started = performance.now();
      stream.push(message.samples);
      const computeMs = performance.now() - started;
      const completed = takeFrames();
      const buffer = message.samples.buffer as ArrayBuffer;
      post(
        {
          type: 'release',
          buffer,
          sampleIndex: message.sampleIndex,
          ...(completed === undefined ? {} : { frames: completed }),
          computeMs,
          frameBuffersAllocated: frames.allocated,
        },
        completed === undefined ? [buffer] : [buffer, completed.data.buffer as ArrayBuffer],
      );
      return;
    }
    case 'flush': {
      stream?.flush();
      const completed = takeFrames();
      if (completed !== undefined)
        post({ type: 'frames', ...completed }, [completed.data.buffer as ArrayBuffer]);
      post({ type: 'flushed' });
      return;
    }
    case 'reset':
      stream?.reset();
      streamStart = -1;
      frames.clear();
      firstIndex = -1;
      return;
  }
}

// Messages are handled strictly in order, including the asynchronous configure.
let queue = Promise.resolve();
port.on('message', (message: HostToWorker) => {
  queue = queue
    .then(() => handle(message))
    .catch((error: unknown) => {
      post({ type: 'error', error: serializeError(error) });
    });
});
