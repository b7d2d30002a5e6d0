/**
 * The native PFFFT addon (native/pffft): built and loaded here, the same transforms as PFFFT's
 * WebAssembly build in the same memory (its own four-step FFT's too, where the CPU has AVX-512),
 * the same frames from the engine, and bad calls refused with an error instead of writing
 * outside the memory.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFftJsBackend } from '../../src/dsp/fft/fftjs-backend.js';
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
  // SCATTERSCOPE_NATIVE_FFT=pffft: native PFFFT without the four-step transforms.
  const pffftOnlyAddon = loadNativePffft({ SCATTERSCOPE_NATIVE_FFT: 'pffft' }).addon;
  const pffftOnly = await createPffftBackend(
    pffftOnlyAddon === undefined ? {} : { native: pffftOnlyAddon },
  );
  const wasm = await createPffftBackend();

  // The four-step FFT's plans: complex 256 to 32 768 points, real 512 to 65 536, each size
  // with an odd log2 also taking a radix-2 pass.
  it.each([32, 64, 256, 512, 1024, 2048, 4096, 32768, 65536])(
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

  it('runs the four-step transforms exactly where the CPU has AVX-512', () => {
    const flags = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '';
    const avx512 = `${flags} `.includes(' avx512f ') && `${flags} `.includes(' avx512dq ');
    expect(addon?.fourStepSupported()).toBe(avx512);
    expect(loaded.build).toMatchObject({ fourStep: avx512 });
  });

  const signal = testSignal(96_000, 7);
  const frames = (backend: typeof wasm, blocks: 'latency' | 'throughput'): Float64Array[] =>
    liveFrames(cascadePlan(8, 'float32', blocks, backend), backend, signal);

  it('with PFFFT only, gives the engine the same frames as the WebAssembly build (J = 8)', () => {
    for (const blocks of ['latency', 'throughput'] as const) {
      expect(worstRowError(frames(pffftOnly, blocks), frames(wasm, blocks))).toBeLessThanOrEqual(
        1e-6,
      );
    }
  });

  it('keeps the engine as close to float64 as PFFFT does (J = 8, both block policies)', () => {
    const float64 = createFftJsBackend();
    for (const blocks of ['latency', 'throughput'] as const) {
      const reference = liveFrames(cascadePlan(8, 'float64', blocks, float64), float64, signal);
      const withNative = worstRowError(frames(native, blocks), reference);
      const withWasm = worstRowError(frames(wasm, blocks), reference);
      // Measured: 3.6e-6 and 5.3e-6 with the four-step FFT, 3.8e-6 and 8.8e-6 with PFFFT.
      expect(withNative).toBeLessThanOrEqual(Math.max(1.25 * withWasm, 2e-6));
    }
  });

  it.skipIf(addon?.fourStepSupported() !== true)(
    'takes the moduli or real parts of a four-step transform exactly where asked, without its spectrum',
    () => {
      const size = 4096;
      const plan = native.plan(size) as FftPlan & InMemoryPlan;
      const valuesTo = plan.complexValuesTo!;
      expect(valuesTo).toBeDefined();
      const input = uniformNoise(2 * size, 11, -0.5);
      plan.complexInput().set(input);
      const spectrum = Float32Array.from(plan.complexTransform());
      const areas = native.workAreas!;
      const at = areas.get('test: bin values', 4 * (size + 8));
      for (const modulus of [true, false]) {
        for (const [first, count, offset] of [
          [0, size, 0],
          [37, 1000, 2.5],
          [4000, 96, -1],
        ] as const) {
          const view = (): Float32Array => areas.view().subarray(at >> 2, (at >> 2) + size + 8);
          view().fill(-7);
          plan.complexInput().set(input);
          valuesTo(first, count, offset, at + 16, modulus);
          const values = view();
          const expected = Float32Array.from({ length: count }, (_, i) => {
            const re = spectrum[2 * (first + i)]! + offset;
            return modulus ? Math.hypot(re, spectrum[2 * (first + i) + 1]!) : re;
          });
          expect(relativeDifference(values.subarray(4, 4 + count), expected)).toBeLessThan(1e-6);
          // Nothing written around them.
          expect([...values.subarray(0, 4), ...values.subarray(4 + count, 8 + count)]).toEqual(
            Array<number>(8).fill(-7),
          );
        }
      }
    },
  );

  it.skipIf(addon?.fourStepSupported() !== true)(
    'transforms a block where it lies, centred on its float32 mean, as the WebAssembly build transforms the centred copy',
    () => {
      for (const size of [512, 4096, 65536]) {
        const plan = native.plan(size) as FftPlan & InMemoryPlan;
        const from = plan.realTransformFrom!;
        expect(from).toBeDefined();
        // A large mean, as the moduli blocks have.
        const block = uniformNoise(size, size + 3, 40);
        const mean = block.reduce((sum, v) => sum + v, 0) / size;
        const at = native.workAreas!.get('test: block spectrum', 4 * size);
        const read = (): Float32Array => native.workAreas!.view().slice(at >> 2, (at >> 2) + size);
        for (const centre of [true, false]) {
          const shift = from(block, at, centre);
          expect(shift).toBe(centre ? Math.fround(mean) : 0);
          const reference = wasm.plan(size) as FftPlan & InMemoryPlan;
          reference.realInput().set(block.map((v) => v - shift));
          const spectrumAt = wasm.workAreas!.get('test: reference spectrum', 4 * size);
          reference.realTransformTo(spectrumAt);
          const expected = wasm.workAreas!.view().slice(spectrumAt >> 2, (spectrumAt >> 2) + size);
          expect(relativeDifference(read(), expected)).toBeLessThanOrEqual(1e-6);
        }
        // The block itself is left as it was.
        expect(block).toEqual(uniformNoise(size, size + 3, 40));
      }
      // Not a four-step real plan (too small), or not native: none.
      expect((native.plan(256) as FftPlan & InMemoryPlan).realTransformFrom).toBeUndefined();
      expect((wasm.plan(4096) as FftPlan & InMemoryPlan).realTransformFrom).toBeUndefined();
      expect((pffftOnly.plan(4096) as FftPlan & InMemoryPlan).realTransformFrom).toBeUndefined();
    },
  );

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
    if (calls.fourStepSupported()) {
      const complex = calls.newSetup(1024, 1);
      expect(calls.usesFourStep(complex)).toBe(true);
      expect(() => calls.binValues(detached, complex, 0, 16384, 0, 1024, 0, true)).not.toThrow();
      expect(() => calls.binValues(detached, complex, 0, 16384, 1, 1024, 0, true)).toThrow(
        /outside the transform/,
      );
      expect(() => calls.binValues(detached, complex, 0, 65000, 0, 1024, 0, false)).toThrow(
        /outside the memory/,
      );
      expect(() => calls.binValues(detached, setup, 0, 16384, 0, 512, 0, true)).toThrow(
        /not a four-step complex/,
      );
      const block = new Float32Array(1024);
      expect(calls.realFrom(detached, setup, block, 0, true)).toBe(0);
      expect(() => calls.realFrom(detached, setup, block, 65000, true)).toThrow(
        /outside the memory/,
      );
      expect(() => calls.realFrom(detached, setup, new Float32Array(512), 0, true)).toThrow(
        /block's length/,
      );
      expect(() =>
        calls.realFrom(detached, setup, new Float64Array(1024) as unknown as Float32Array, 0, true),
      ).toThrow(/not a Float32Array/);
      expect(() => calls.realFrom(detached, complex, block, 0, true)).toThrow(
        /not a four-step real/,
      );
    }
    expect(() => calls.usesFourStep(9999)).toThrow(/unknown setup/);
  });

  it('runs PFFFT only when SCATTERSCOPE_NATIVE_FFT=pffft', () => {
    const chosen = loadNativePffft({ SCATTERSCOPE_NATIVE_FFT: 'pffft' });
    expect(chosen.build).toMatchObject({ native: true, fourStep: false });
    expect(chosen.addon?.fourStepSupported()).toBe(false);
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
