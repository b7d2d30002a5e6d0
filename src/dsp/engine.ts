/**
 * The scattering engine: a configuration's filter bank (built once and cached) plus batch and
 * streaming transforms over it.
 */
import type {
  BatchResult,
  FrameSink,
  ScatteringEngine,
  ScatteringLayout,
  ScatteringStream,
  StreamOptions,
} from './engine-types.js';
import type { FftBackend } from './fft/fft-plan.js';
import { createFftJsBackend } from './fft/fftjs-backend.js';
import { createPffftBackend, type NativePffft } from './fft/pffft-backend.js';
import {
  buildGraphTemplate,
  PRECISION_COSTS,
  PRECISION_TAILS,
  type BlockPolicy,
  type GraphTemplate,
} from './graph-template.js';
import { kymatioFrameGrid } from './kymatio-grid.js';
import { scatteringLayout } from './layout.js';
import {
  normalizeParams,
  paramsKey,
  type Precision,
  type ScatteringOptions,
  type ScatteringParams,
} from './params.js';
import { ScatteringStreamImpl } from './scattering-stream.js';

class Engine implements ScatteringEngine {
  readonly layout: ScatteringLayout;

  constructor(
    readonly params: ScatteringParams,
    readonly precision: Precision,
    private readonly template: GraphTemplate,
    private readonly backend: FftBackend,
  ) {
    this.layout = scatteringLayout(params);
    if (this.layout.paths.length !== template.rows) {
      throw new Error(
        `layout has ${String(this.layout.paths.length)} rows but the cascade ${String(template.rows)}`,
      );
    }
  }

  createStream(sink: FrameSink, options?: StreamOptions): ScatteringStream {
    return new ScatteringStreamImpl(this.template, this.backend, sink, options);
  }

  transform(signal: ArrayLike<number>): BatchResult {
    const grid = kymatioFrameGrid(this.params, signal.length);
    const rows = this.template.rows;
    const frames = grid.frames;
    const data = this.backend.allocate(rows * frames);
    let emitted = 0;
    const stream = this.createStream(
      (frame, index) => {
        for (let r = 0; r < rows; r++) data[r * frames + index] = frame[r];
        emitted++;
      },
      { signalLength: signal.length },
    );
    stream.push(signal);
    stream.flush();
    if (emitted !== frames) {
      throw new Error(
        `internal error: ${String(emitted)} of ${String(frames)} frames were computed`,
      );
    }
    return { data, rows, frames, firstCentre: grid.firstCentre, hop: grid.hop };
  }
}

const templates = new Map<string, GraphTemplate>();
let float64Backend: FftBackend | undefined;
let float32Backend: Promise<FftBackend> | undefined;
let nativePffft: NativePffft | undefined;

/**
 * Float32 engines made from now on in this thread run their FFTs on PFFFT compiled natively
 * (loaded at the edges, where Node's addons can be: src/worker/native-pffft.ts), or again on its
 * WebAssembly build (undefined). Engines made before keep theirs.
 */
export function useNativePffft(native: NativePffft | undefined): void {
  if (native === nativePffft) return;
  nativePffft = native;
  float32Backend = undefined;
}

async function backendFor(precision: Precision): Promise<FftBackend> {
  if (precision === 'float64') {
    float64Backend ??= createFftJsBackend();
    return float64Backend;
  }
  float32Backend ??= createPffftBackend(nativePffft === undefined ? {} : { native: nativePffft });
  return float32Backend;
}

/**
 * An engine for `options` at `precision`. The filter bank of each configuration is built once
 * per thread and shared by every engine and stream that uses it.
 *
 * `blocks` chooses the overlap-save block sizes: 'throughput' (files, the default) or 'latency'
 * (live input: frames leave sooner, at a higher cost per sample).
 */
export async function createScatteringEngine(
  options: ScatteringOptions,
  precision: Precision = 'float32',
  blocks: BlockPolicy = 'throughput',
): Promise<ScatteringEngine> {
  const params = normalizeParams(options);
  const backend = await backendFor(precision);
  const key = `${paramsKey(params)}_${precision}_${blocks}`;
  let template = templates.get(key);
  if (template === undefined) {
    template = buildGraphTemplate(params, {
      ...PRECISION_TAILS[precision],
      blocks,
      costs: PRECISION_COSTS[precision],
      minFftSize: backend.minSize,
      allocate: backend.allocate,
    });
    templates.set(key, template);
  }
  return new Engine(params, precision, template, backend);
}
