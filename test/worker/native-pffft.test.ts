/**
 * The native PFFFT addon (native/pffft): built and loaded here, the same transforms as PFFFT's
 * WebAssembly build in the same memory, the same frames from the engine, and bad calls refused
 * with an error instead of writing outside the memory.
 */
import { describe, expect, it } from 'vitest';
import type { FftPlan, InMemoryPlan } from '../../src/dsp/fft/fft-plan.js';
import { createPffftBackend } from '../../src/dsp/fft/pffft-backend.js';
import { loadNativePffft } from '../../src/worker/native-pffft.js';
import { cascadePlan, liveFrames, worstRowError } from '../support/cascade.js';
import { testSignal, uniformNoise } from '../support/signals.js';

/** Largest |a − b| relative to the largest |b|. */
function relativeDifference(a: Float32Array, b: Float32Array): number {
  let peak = 0;
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    peak = Math.max(peak, Math.abs(b[i]!));
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  }
  return worst / peak;
}

describe('native PFFFT', async () => {
  const loaded = loadNativePffft({});
  const addon = loaded.addon;

  it('is built and loads in Node (else every engine runs the slower WebAssembly build)', () => {
    expect(loaded.build).toMatchObject({ native: true });
    expect(addon).toBeDefined();
  });

  const native = await createPffftBackend(addon === undefined ? {} : { native: addon });
  const wasm = await createPffftBackend();

  it.each([32, 64, 1024, 4096, 65536])(
    '%i points: real, complex and unordered complex transforms equal the WebAssembly build',
    (size) => {
      const a = native.plan(size) as FftPlan & InMemoryPlan;
      const b = wasm.plan(size) as FftPlan & InMemoryPlan;
      const real = uniformNoise(size, size, -0.5);
      const complex = uniformNoise(2 * size, size + 1, -0.5);

      const spectra = [a, b].map((plan) => {
        const out = new Float32Array(2 * size + 2);
        plan.realInput().set(real);
        plan.realTransform(out);
        return out;
      });
      expect(relativeDifference(spectra[0]!, spectra[1]!)).toBeLessThanOrEqual(1e-6);

      const ordered = [a, b].map((plan) => {
        plan.complexInput().set(complex);
        return Float32Array.from(plan.complexTransform());
      });
      expect(relativeDifference(ordered[0]!, ordered[1]!)).toBeLessThanOrEqual(1e-6);

      const unordered = [a, b].map((plan) => {
        plan.complexInput().set(complex);
        plan.complexTransformUnordered();
        const at = plan.complexOutputAt() >> 2;
        return native.workAreas!.view().slice(at, at + 2 * size);
      });
      expect(relativeDifference(unordered[0]!, unordered[1]!)).toBeLessThanOrEqual(1e-6);
    },
  );

  it('gives the engine the same frames as the WebAssembly build (J = 8, both block policies)', () => {
    const signal = testSignal(96_000, 7);
    for (const blocks of ['latency', 'throughput'] as const) {
      const withNative = liveFrames(cascadePlan(8, 'float32', blocks, native), native, signal);
      const withWasm = liveFrames(cascadePlan(8, 'float32', blocks, wasm), wasm, signal);
      expect(worstRowError(withNative, withWasm)).toBeLessThanOrEqual(1e-6);
    }
  });

  it('refuses bad calls with a RangeError instead of reading or writing outside the memory', () => {
    const calls = addon!;
    const memory = new ArrayBuffer(1 << 16);
    const setup = calls.newSetup(1024, 0);
    expect(setup).toBeGreaterThan(0);
    // In range: 1024 floats in, out and work.
    expect(() => calls.transform(memory, setup, 0, 4096, 8192, 0, 1)).not.toThrow();
    expect(() => calls.transform(memory, setup, 0, 4096, 1 << 16, 0, 1)).toThrow(RangeError);
    expect(() => calls.transform(memory, setup, 4, 4096, 8192, 0, 1)).toThrow(/aligned/);
    expect(() => calls.transform(memory, 9999, 0, 4096, 8192, 0, 1)).toThrow(/unknown setup/);
    // Transferring an ArrayBuffer detaches it, as growing a WebAssembly memory detaches its old one.
    const detached = structuredClone(memory, { transfer: [memory] });
    expect(() => calls.transform(memory, setup, 0, 4096, 8192, 0, 1)).toThrow(/live ArrayBuffer/);
    expect(detached.byteLength).toBe(1 << 16);
    expect(calls.newSetup(1000, 0)).toBe(0);
  });

  it('stays unused when SCATTERSCOPE_NATIVE_FFT=0', () => {
    const chosen = loadNativePffft({ SCATTERSCOPE_NATIVE_FFT: '0' });
    expect(chosen.build).toEqual({
      native: false,
      optedOut: true,
      reason: 'SCATTERSCOPE_NATIVE_FFT=0',
    });
    expect(chosen.addon).toBeUndefined();
  });
});
