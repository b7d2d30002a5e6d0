/**
 * The parts of the WebAssembly API the kernels use (the dsp layer compiles without DOM types),
 * and their instantiation where WebAssembly with SIMD is available.
 */

/** A WebAssembly.Memory. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (
    module: object,
    imports: object,
  ) => {
    readonly exports: Record<string, unknown>;
  };
}

/**
 * The exports of the module `bytes` instantiated with `imports`, or undefined where WebAssembly
 * is missing or refuses the module (no SIMD): the callers then run their JavaScript loops.
 */
export function instantiateKernels(
  bytes: Uint8Array,
  imports: object = {},
): Record<string, unknown> | undefined {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) return undefined;
  try {
    return new api.Instance(new api.Module(bytes), imports).exports;
  } catch {
    return undefined;
  }
}
