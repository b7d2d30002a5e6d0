/**
 * FFT choice, measured: the two transforms the engine uses (real forward, complex forward) on
 * each backend, at the block sizes the engine uses, each as the engine calls it (the complex
 * one with the moduli taken, where the plan takes them itself). Reported as GFLOP/s by the
 * usual convention (5·n·log2 n for a complex FFT, half that for a real one) and, for each
 * backend, as a ratio to the one before it: PFFFT's WebAssembly build to fft.js in float64,
 * native PFFFT to its WebAssembly build, the native four-step FFT (AVX-512) to native PFFFT.
 *
 *   npm run build && node dist/bench/fft-bench.js
 */
import { createFftJsBackend } from '../src/dsp/fft/fftjs-backend.js';
import type { FftBackend, FftPlan, InMemoryPlan } from '../src/dsp/fft/fft-plan.js';
import { createPffftBackend } from '../src/dsp/fft/pffft-backend.js';
import { loadNativePffft } from '../src/worker/native-pffft.js';

const SIZES = [1024, 4096, 8192, 16384, 32768, 65536, 262144];

/** The complex transform as the engine runs it for a modulus output of all its bins. */
function complexRun(plan: FftPlan & InMemoryPlan, size: number, outAt: number): () => void {
  const valuesTo = plan.complexValuesTo;
  if (valuesTo === undefined) return () => plan.complexTransformUnordered();
  return () => valuesTo(0, size, 0, outAt, true);
}

function measure(backend: FftBackend, size: number, kind: 'real' | 'complex'): number {
  const plan = backend.plan(size);
  const input = backend.allocate(2 * size);
  const output = backend.allocate(2 * size);
  for (let i = 0; i < input.length; i++) input[i] = Math.sin(i * 0.37) + 0.1 * Math.cos(i * 1.7);
  // PFFFT's plans transform in place in its memory, as the engine runs them (the input written
  // once, the real spectrum into a buffer there, the complex one left in PFFFT's own order);
  // fft.js's read and write JavaScript arrays.
  const inMemory = 'realTransformTo' in plan ? (plan as FftPlan & InMemoryPlan) : undefined;
  inMemory?.realInput().set(input.subarray(0, size));
  inMemory?.complexInput().set(input);
  const spectrumAt = backend.workAreas?.get('fft-bench: spectrum', 8 * size) ?? 0;
  const run =
    inMemory === undefined
      ? kind === 'real'
        ? () => plan.realForward(input, output)
        : () => plan.complexForward(input, output)
      : kind === 'real'
        ? () => inMemory.realTransformTo(spectrumAt)
        : complexRun(inMemory, size, spectrumAt);
  // Warm up, then repeat for at least 0.3 s.
  for (let i = 0; i < 5; i++) run();
  let repeats = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < 300) {
    run();
    repeats++;
    elapsed = performance.now() - start;
  }
  const flops = (kind === 'real' ? 2.5 : 5) * size * Math.log2(size);
  return (flops * repeats) / (elapsed / 1000) / 1e9;
}

const native = loadNativePffft();
if (native.addon === undefined) {
  process.stderr.write(
    `fft-bench: no native PFFFT row: ${native.build.native ? '' : native.build.reason}\n`,
  );
}
const addon = native.addon;
// SCATTERSCOPE_NATIVE_FFT=pffft: native PFFFT without the four-step transforms.
const pffftOnly = loadNativePffft({ SCATTERSCOPE_NATIVE_FFT: 'pffft' }).addon;
const backends = [
  { name: 'fft.js (float64)', backend: createFftJsBackend() },
  { name: 'PFFFT WASM SIMD (float32)', backend: await createPffftBackend() },
  ...(pffftOnly === undefined
    ? []
    : [
        {
          name: 'PFFFT native (float32)',
          backend: await createPffftBackend({ native: pffftOnly }),
        },
      ]),
  ...(addon?.fourStepSupported() !== true
    ? []
    : [
        {
          name: 'four-step native (float32)',
          backend: await createPffftBackend({ native: addon }),
        },
      ]),
];
const ratios = ['PFFFT WASM ÷ fft.js', 'native ÷ WASM', 'four-step ÷ native PFFFT'].slice(
  0,
  backends.length - 1,
);
const lines = [
  `| transform | size | ${backends.map((b) => `${b.name} GFLOP/s`).join(' | ')} | ${ratios.join(' | ')} |`,
];
lines.push(`|---|---|${backends.map(() => '---').join('|')}|${ratios.map(() => '---').join('|')}|`);
for (const kind of ['real', 'complex'] as const) {
  for (const size of SIZES) {
    const rates = backends.map((b) => measure(b.backend, size, kind));
    const columns = rates.slice(1).map((rate, i) => rate / rates[i]!);
    lines.push(
      `| ${kind} | ${String(size)} | ${rates.map((r) => r.toFixed(2)).join(' | ')} | ${columns.map((c) => `${c.toFixed(2)}×`).join(' | ')} |`,
    );
  }
}
process.stdout.write(`Node ${process.version}\n\n${lines.join('\n')}\n`);
