/**
 * Float32 FFTs on PFFFT compiled to WebAssembly with SIMD (@echogarden/pffft-wasm), or on the same
 * PFFFT compiled natively (a Node addon, loaded at the edges and handed in as `NativePffft`),
 * whose transforms work on the WebAssembly module's memory all the same.
 *
 * PFFFT works on buffers inside the WASM heap; each plan owns aligned input, output and work
 * buffers there, and a transform copies in and out (a memcpy, small beside the FFT itself).
 * The heap may grow when a later plan allocates, which replaces the heap views, so the current
 * view is read from the module on every call. The multiply-and-fold, the blocks' centring and
 * the moduli work on these buffers in place (simd/spectrum-fold.ts, simd/heap-kernels.ts,
 * through InMemoryPlan), in the memory that loadPffft finds.
 */
import PFFFT from '@echogarden/pffft-wasm/simd';
import type { Sample } from '../engine-types.js';
import { HeapKernels } from '../simd/heap-kernels.js';
import { HeapWorkAreas } from '../simd/shared-heap.js';
import { SimdKernels } from '../simd/simd-kernels.js';
import { SpectrumFold } from '../simd/spectrum-fold.js';
import type { WasmMemory } from '../simd/wasm-api.js';
import { assertPowerOfTwo, type FftBackend, type FftPlan, type InMemoryPlan } from './fft-plan.js';

/** A PFFFT transform: (setup, input, output, work, direction), addresses in bytes. */
type PffftTransformCall = (
  setup: number,
  input: number,
  output: number,
  work: number,
  direction: number,
) => void;

/** The part of the Emscripten module this backend uses. */
interface PffftModule {
  HEAPF32: Float32Array;
  _pffft_new_setup(n: number, transform: number): number;
  _pffft_transform_ordered: PffftTransformCall;
  /** As _pffft_transform_ordered without the final reordering pass (PFFFT's own order). */
  _pffft_transform: PffftTransformCall;
  _pffft_aligned_malloc(bytes: number): number;
}

/**
 * A range of a transform's bins as the engine takes them: (setup, input, values, first, count,
 * offset, modulus), addresses in bytes; moduli (modulus true) or real parts, the offset added.
 */
type BinValuesCall = (
  setup: number,
  input: number,
  values: number,
  first: number,
  count: number,
  offset: number,
  modulus: boolean,
) => void;

/**
 * PFFFT compiled natively (native/pffft), working in place on the WebAssembly module's memory:
 * `memory` is that memory's current buffer, addresses are bytes into it. Where the CPU has
 * AVX-512, its forward transforms of 256 to 32 768 complex points and 512 to 65 536 real ones
 * run on the addon's own four-step FFT, in PFFFT's layouts (native/pffft/four-step-fft.h).
 */
export interface NativePffft {
  /**
   * A plan of `size` points, real (complex 0) or complex (1); 0 where PFFFT has none.
   * `fourStep` false: PFFFT's transforms even where the four-step ones apply.
   */
  newSetup(size: number, complex: number, fourStep?: boolean): number;
  /** Whether the addon's build and this CPU run the four-step transforms. */
  fourStepSupported(): boolean;
  /** Whether a plan's forward transforms are the four-step ones. */
  usesFourStep(setup: number): boolean;
  /**
   * A four-step complex plan's bin values instead of its transform: |X[first + i] + offset|
   * (modulus true) or Re X[first + i] + offset for i < count into `count` floats at byte
   * `values` (InMemoryPlan.complexValuesTo).
   */
  binValues(memory: ArrayBuffer, ...call: Parameters<BinValuesCall>): void;
  /**
   * A four-step real plan's transform of block[j] − c into `output`, `block` read where it lies
   * (InMemoryPlan.realTransformFrom); returns c, the block's mean rounded to float32 when
   * `centre`, else 0.
   */
  realFrom(
    memory: ArrayBuffer,
    setup: number,
    block: Float32Array,
    output: number,
    centre: boolean,
  ): number;
  transform(
    memory: ArrayBuffer,
    setup: number,
    input: number,
    output: number,
    work: number,
    direction: number,
    ordered: number,
  ): void;
}

/** PFFFT's plans and transforms, from its WebAssembly build or its native one. */
interface PffftCalls {
  newSetup(size: number, kind: number): number;
  ordered: PffftTransformCall;
  unordered: PffftTransformCall;
  /** A range of a setup's bins, where that setup computes them itself. */
  binValuesOf(setup: number): BinValuesCall | undefined;
  /** A real setup's transform of a caller's block, where that setup reads it in place. */
  realFromOf(setup: number): RealFromCall | undefined;
}

/** (setup, block, output, centre) -> the mean removed, see NativePffft.realFrom. */
type RealFromCall = (setup: number, block: Float32Array, output: number, centre: boolean) => number;

function wasmCalls(module: PffftModule): PffftCalls {
  return {
    newSetup: (size, kind) => module._pffft_new_setup(size, kind),
    ordered: module._pffft_transform_ordered,
    unordered: module._pffft_transform,
    binValuesOf: () => undefined,
    realFromOf: () => undefined,
  };
}

function nativeCalls(module: PffftModule, native: NativePffft, nativeValues: boolean): PffftCalls {
  // The module keeps HEAPF32 on its memory's current buffer (growing the memory replaces it).
  const memory = (): ArrayBuffer => module.HEAPF32.buffer as ArrayBuffer;
  const transform =
    (ordered: number): PffftTransformCall =>
    (setup, input, output, work, direction) => {
      native.transform(memory(), setup, input, output, work, direction, ordered);
    };
  return {
    newSetup: (size, kind) => native.newSetup(size, kind),
    ordered: transform(1),
    unordered: transform(0),
    binValuesOf: (setup) =>
      nativeValues && native.usesFourStep(setup)
        ? (id, input, values, first, count, offset, modulus) => {
            native.binValues(memory(), id, input, values, first, count, offset, modulus);
          }
        : undefined,
    realFromOf: (setup) =>
      native.usesFourStep(setup)
        ? (id, block, output, centre) => native.realFrom(memory(), id, block, output, centre)
        : undefined,
  };
}

const PFFFT_REAL = 0;
const PFFFT_COMPLEX = 1;
const PFFFT_FORWARD = 0;

class PffftTransform {
  private readonly setup: number;
  private readonly inputPtr: number;
  private readonly outputPtr: number;
  private readonly workPtr: number;

  /** `floats` is the length of the input and output arrays in float32 values. */
  constructor(
    private readonly module: PffftModule,
    private readonly calls: PffftCalls,
    size: number,
    kind: number,
    readonly floats: number,
  ) {
    this.setup = calls.newSetup(size, kind);
    if (this.setup === 0) throw new RangeError(`PFFFT cannot make a plan of size ${String(size)}`);
    this.inputPtr = module._pffft_aligned_malloc(floats * 4);
    this.outputPtr = module._pffft_aligned_malloc(floats * 4);
    this.workPtr = module._pffft_aligned_malloc(floats * 4);
  }

  /** Views of the input and output buffers, remade when the heap has grown (a new buffer). */
  private inputView: Float32Array = new Float32Array(0);
  private outputView: Float32Array = new Float32Array(0);

  private refreshViews(): void {
    // A view goes empty when the heap grows (its buffer is detached).
    if (this.inputView.length !== 0) return;
    const heap = this.module.HEAPF32;
    const inAt = this.inputPtr >> 2;
    const outAt = this.outputPtr >> 2;
    this.inputView = heap.subarray(inAt, inAt + this.floats);
    this.outputView = heap.subarray(outAt, outAt + this.floats);
  }

  /** The transform's input buffer in the heap. */
  input(): Float32Array {
    this.refreshViews();
    return this.inputView;
  }

  /** Runs the forward transform of `input` (first `floats` values); returns a view of the result. */
  run(input: Sample): Float32Array {
    const heap = this.module.HEAPF32;
    const inAt = this.inputPtr >> 2;
    heap.set(input.length === this.floats ? input : input.subarray(0, this.floats), inAt);
    return this.runInPlace();
  }

  /** Byte addresses of the input and output buffers in PFFFT's memory. */
  get inputAddress(): number {
    return this.inputPtr;
  }

  get outputAddress(): number {
    return this.outputPtr;
  }

  /** Runs the forward transform of what is in input() into the buffer at `outputAt`. */
  runInPlaceTo(outputAt: number): void {
    this.calls.ordered(this.setup, this.inputPtr, outputAt, this.workPtr, PFFFT_FORWARD);
  }

  /** Runs the forward transform of what is in input(), left in PFFFT's own order. */
  runUnorderedInPlace(): void {
    this.calls.unordered(this.setup, this.inputPtr, this.outputPtr, this.workPtr, PFFFT_FORWARD);
  }

  /** InMemoryPlan.complexValuesTo of what is in input(), where the native build computes them. */
  valuesTo(): InMemoryPlan['complexValuesTo'] {
    const values = this.calls.binValuesOf(this.setup);
    if (values === undefined) return undefined;
    return (first, count, offset, outAt, modulus) => {
      values(this.setup, this.inputPtr, outAt, first, count, offset, modulus);
    };
  }

  /** InMemoryPlan.realTransformFrom, where the native build reads blocks in place. */
  fromTo(): InMemoryPlan['realTransformFrom'] {
    const from = this.calls.realFromOf(this.setup);
    if (from === undefined) return undefined;
    return (block, outputAt, centre) => from(this.setup, block, outputAt, centre);
  }

  /** Runs the forward transform of what is in input(); returns a view of the result. */
  runInPlace(): Float32Array {
    this.runInPlaceTo(this.outputPtr);
    this.refreshViews();
    return this.outputView;
  }
}

/** PFFFT's smallest transform with SIMD (real transforms need multiples of 32 points). */
const MIN_SIZE = 32;

class PffftPlan implements FftPlan, InMemoryPlan {
  private readonly real: PffftTransform;
  private readonly complex: PffftTransform;

  constructor(
    module: PffftModule,
    calls: PffftCalls,
    readonly size: number,
  ) {
    // PFFFT with SIMD needs real sizes that are multiples of 32 and complex ones of 16.
    assertPowerOfTwo(size, MIN_SIZE);
    this.real = new PffftTransform(module, calls, size, PFFFT_REAL, size);
    this.complex = new PffftTransform(module, calls, size, PFFFT_COMPLEX, 2 * size);
    this.complexValuesTo = this.complex.valuesTo();
    this.realTransformFrom = this.real.fromTo();
  }

  readonly complexValuesTo: InMemoryPlan['complexValuesTo'];
  readonly realTransformFrom: InMemoryPlan['realTransformFrom'];

  realForward(input: Sample, spectrum: Sample): void {
    this.unpack(this.real.run(input), spectrum);
  }

  realInput(): Sample {
    return this.real.input();
  }

  realTransform(spectrum: Sample): void {
    this.unpack(this.real.runInPlace(), spectrum);
  }

  realTransformTo(outputAt: number): void {
    this.real.runInPlaceTo(outputAt);
  }

  realInputAt(): number {
    return this.real.inputAddress;
  }

  complexInputAt(): number {
    return this.complex.inputAddress;
  }

  complexOutputAt(): number {
    return this.complex.outputAddress;
  }

  complexInput(): Sample {
    return this.complex.input();
  }

  complexTransform(): Sample {
    return this.complex.runInPlace();
  }

  complexTransformUnordered(): void {
    this.complex.runUnorderedInPlace();
  }

  /** PFFFT's ordered real output into interleaved bins 0..size/2 (FftPlan.realForward). */
  private unpack(packed: Float32Array, spectrum: Sample): void {
    // Ordered real output: [X0.re, X(n/2).re, X1.re, X1.im, ..., X(n/2-1).re, X(n/2-1).im].
    const n = this.size;
    spectrum.set(packed, 0);
    spectrum[0] = packed[0];
    spectrum[1] = 0;
    spectrum[n] = packed[1];
    spectrum[n + 1] = 0;
  }

  complexForward(input: Sample, output: Sample): void {
    output.set(this.complex.run(input));
  }
}

interface LoadedPffft {
  readonly module: PffftModule;
  /** Its WebAssembly.Memory, when it could be found (see loadPffft). */
  readonly memory: WasmMemory | undefined;
}

let loaded: Promise<LoadedPffft> | undefined;

/**
 * Loads the WASM module once per thread. Its memory object is what lets other kernels work on
 * PFFFT's buffers in place (spectrum-fold.ts), but Emscripten keeps it private: it is caught
 * from the instantiation itself, and recognised by being the module's heap.
 */
async function loadPffft(): Promise<LoadedPffft> {
  const wasm = (globalThis as unknown as { WebAssembly?: Record<string, unknown> }).WebAssembly;
  const memories: WasmMemory[] = [];
  const catchMemories = (result: unknown): void => {
    const instance = (result as { instance?: unknown }).instance ?? result;
    const exports = (instance as { exports?: Record<string, unknown> }).exports ?? {};
    for (const value of Object.values(exports)) {
      if (value !== null && typeof value === 'object' && 'buffer' in value && 'grow' in value) {
        memories.push(value as WasmMemory);
      }
    }
  };
  const originals = new Map<string, unknown>();
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = wasm?.[name];
    if (wasm === undefined || typeof original !== 'function') continue;
    originals.set(name, original);
    wasm[name] = async (...args: unknown[]): Promise<unknown> => {
      const result: unknown = await (original as (...a: unknown[]) => Promise<unknown>).apply(
        wasm,
        args,
      );
      catchMemories(result);
      return result;
    };
  }
  try {
    const module = (await PFFFT()) as PffftModule;
    const memory = memories.find((candidate) => candidate.buffer === module.HEAPF32.buffer);
    return { module, memory };
  } finally {
    for (const [name, original] of originals) if (wasm !== undefined) wasm[name] = original;
  }
}

/**
 * @param options.native PFFFT compiled natively: its transforms instead of the WebAssembly ones
 *   (PFFFT's only, without the four-step ones: loadNativePffft's SCATTERSCOPE_NATIVE_FFT=pffft)
 * @param options.nativeValues false: the moduli read back from the four-step transforms'
 *   spectra by the SIMD kernel and the low-passes' real parts by JavaScript, not taken by the
 *   transforms themselves (a baseline)
 * @param options.simdFold false: the JavaScript multiply-and-fold even where the SIMD one works
 *   (a baseline for benchmarks)
 * @param options.inPlaceKernels false: centring and moduli copied into the SIMD kernels' own
 *   memory and back even where they can work in PFFFT's (a baseline for benchmarks)
 */
export async function createPffftBackend(
  options: {
    native?: NativePffft;
    nativeValues?: boolean;
    simdFold?: boolean;
    inPlaceKernels?: boolean;
  } = {},
): Promise<FftBackend> {
  loaded ??= loadPffft();
  const { module, memory } = await loaded;
  const calls =
    options.native === undefined
      ? wasmCalls(module)
      : nativeCalls(module, options.native, options.nativeValues ?? true);
  const plans = new Map<number, FftPlan>();
  const simd = SimdKernels.create();
  const heap =
    memory === undefined
      ? undefined
      : { memory, allocate: (bytes: number) => module._pffft_aligned_malloc(bytes) };
  const workAreas = heap === undefined ? undefined : new HeapWorkAreas(heap);
  const heapKernels =
    heap === undefined || options.inPlaceKernels === false ? undefined : HeapKernels.create(heap);
  const fold =
    heap === undefined || options.simdFold === false ? undefined : SpectrumFold.create(heap);
  return {
    precision: 'float32',
    minSize: MIN_SIZE,
    ...(simd === undefined ? {} : { simd }),
    ...(workAreas === undefined ? {} : { workAreas }),
    ...(heapKernels === undefined ? {} : { heapKernels }),
    ...(fold === undefined ? {} : { fold }),
    plan(size: number): FftPlan {
      let plan = plans.get(size);
      if (plan === undefined) {
        plan = new PffftPlan(module, calls, size);
        plans.set(size, plan);
      }
      return plan;
    },
    allocate: (length: number) => new Float32Array(length),
  };
}
