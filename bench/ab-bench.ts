/**
 * What each engine improvement gains, measured against the same engine without it in one
 * process: both cascades are fed the same 1024-sample chunks alternately, so that they see the
 * same machine load and caches (speeds of separate runs on a shared machine do not compare).
 * Reported: each one's real-time factor over the same audio, their ratio, and the largest
 * difference between their frames relative to each row's maximum (float32 round-off).
 *
 * - the native FFTs (native/pffft: PFFFT compiled natively, and the four-step FFT where the CPU
 *   has AVX-512) against PFFFT's WebAssembly build, where the addon is built;
 * - the four-step FFT against native PFFFT, where the CPU has AVX-512;
 * - the moduli taken by the four-step transforms themselves against read back from their
 *   spectra by the SIMD kernel;
 * - decimated narrow-band filters (src/dsp/stage-planner.ts) against every filter at its
 *   stage's own rate;
 * - the SIMD multiply-and-fold in PFFFT's memory (src/dsp/simd/spectrum-fold.ts) against the
 *   JavaScript fold;
 * - the blocks' centring and the moduli in PFFFT's memory (src/dsp/simd/heap-kernels.ts)
 *   against the same kernels copying in and out of their own memory;
 * - the low-pass φ by direct dot products where the cost model finds it cheaper (in decimated
 *   children above all) against φ always in overlap-save blocks;
 * - under the 'latency' policy, second stages that spend their path's slack (the time its
 *   frames would wait anyway for a slower path) on larger blocks, against every second stage
 *   within its own smallest blocks' delay.
 *
 *   npm run build && node dist/bench/ab-bench.js
 *   BENCH_AB_SECONDS=60 (default) sets the audio per configuration; BENCH_AB_ONLY=word runs
 *   the comparisons whose titles contain that word.
 */
import type { FftBackend } from '../src/dsp/fft/fft-plan.js';
import { createPffftBackend } from '../src/dsp/fft/pffft-backend.js';
import { buildGraphTemplate, PRECISION_COSTS, PRECISION_TAILS } from '../src/dsp/graph-template.js';
import { normalizeParams } from '../src/dsp/params.js';
import { ScatteringStreamImpl } from '../src/dsp/scattering-stream.js';
import type { BlockPolicy } from '../src/dsp/stage-planner.js';
import { loadNativePffft } from '../src/worker/native-pffft.js';
import { worstRowDifference } from './frame-difference.js';
import { race, type Arm } from './race.js';

const CHUNK = 1024;

/** An engine: its FFT backend and the planner's options (see ENGINE for the engine's own). */
interface Variant {
  readonly backend: FftBackend;
  readonly decimate: boolean;
  readonly directLowpass: boolean;
  readonly pathSlack: boolean;
}

function arm(J: number, blocks: BlockPolicy, variant: Variant): Arm {
  const { backend, ...options } = variant;
  const template = buildGraphTemplate(normalizeParams({ J, Q: [8, 1] }), {
    ...PRECISION_TAILS.float32,
    blocks,
    costs: PRECISION_COSTS.float32,
    minFftSize: backend.minSize,
    allocate: backend.allocate,
    ...options,
  });
  const frames: Float32Array[] = [];
  const stream = new ScatteringStreamImpl(template, backend, (frame, index) => {
    frames[index] = Float32Array.from(frame);
  });
  return { stream, frames, cpuMicros: 0 };
}

/** One table row: `without` against `with`, same audio, taking turns at each chunk. */
function compare(
  J: number,
  blocks: BlockPolicy,
  seconds: number,
  without: Variant,
  withIt: Variant,
): string {
  const base = arm(J, blocks, without);
  const changed = arm(J, blocks, withIt);
  const timed = race(base, changed, seconds, CHUNK);
  const speed = (side: Arm): number => timed / (side.cpuMicros / 1e6);
  return `| ${String(J)} | ${blocks} | ${speed(base).toFixed(1)} | ${speed(changed).toFixed(1)} | ${(base.cpuMicros / changed.cpuMicros).toFixed(2)} | ${worstRowDifference(changed.frames, base.frames).toExponential(1)} |`;
}

const CONFIGURATIONS = [
  [8, 'throughput'],
  [10, 'throughput'],
  [12, 'throughput'],
  [10, 'latency'],
  [12, 'latency'],
] as const;

const seconds = Number(process.env.BENCH_AB_SECONDS ?? 60);
// The engine's FFTs as the app runs them: native PFFFT where its addon is built.
const native = loadNativePffft().addon;
const withNative = native === undefined ? {} : { native };
const simdFold = await createPffftBackend(withNative);
const javaScriptFold = await createPffftBackend({ ...withNative, simdFold: false });
const copyingKernels = await createPffftBackend({ ...withNative, inPlaceKernels: false });
const webAssemblyFfts = await createPffftBackend();
const fourStep = native?.fourStepSupported() === true;
const spectraReadBack = fourStep
  ? await createPffftBackend({ ...withNative, nativeValues: false })
  : undefined;
// SCATTERSCOPE_NATIVE_FFT=pffft: native PFFFT without the four-step transforms.
const pffftOnlyAddon = fourStep
  ? loadNativePffft({ SCATTERSCOPE_NATIVE_FFT: 'pffft' }).addon
  : undefined;
const nativePffftOnly =
  pffftOnlyAddon === undefined ? undefined : await createPffftBackend({ native: pffftOnlyAddon });
if (simdFold.fold === undefined || simdFold.heapKernels === undefined) {
  throw new Error('the SIMD kernels in PFFFT memory are not available here');
}
const header =
  '| J | blocks | × real time without | × real time with | speed-up | largest difference / row max |\n' +
  '|---|---|---|---|---|---|\n';

/** The engine as it runs: every improvement on. */
const ENGINE: Variant = { backend: simdFold, decimate: true, directLowpass: true, pathSlack: true };

/** Each improvement, and the engine without it (everything else as in the engine). */
const COMPARISONS: readonly { title: string; without: Variant; latencyOnly?: boolean }[] = [
  ...(native === undefined
    ? []
    : [
        {
          title:
            "The native FFTs (natively compiled PFFFT, four-step) against PFFFT's WebAssembly build",
          without: { ...ENGINE, backend: webAssemblyFfts },
        },
      ]),
  ...(nativePffftOnly === undefined
    ? []
    : [
        {
          title: 'The four-step FFT (AVX-512) against natively compiled PFFFT',
          without: { ...ENGINE, backend: nativePffftOnly },
        },
      ]),
  ...(spectraReadBack === undefined
    ? []
    : [
        {
          title:
            'Moduli taken by the four-step transforms against read back from their spectra by the SIMD kernel',
          without: { ...ENGINE, backend: spectraReadBack },
        },
      ]),
  { title: 'Decimated narrow-band filters', without: { ...ENGINE, decimate: false } },
  {
    title: 'The SIMD multiply-and-fold against the JavaScript one',
    without: { ...ENGINE, backend: javaScriptFold },
  },
  {
    title: "Centring and moduli in PFFFT's memory against copied into the kernels' memory and back",
    without: { ...ENGINE, backend: copyingKernels },
  },
  {
    title: 'The low-pass φ by direct dot products where the cost model finds it cheaper',
    without: { ...ENGINE, directLowpass: false },
  },
  {
    title: "Second stages spending their path's slack on larger blocks",
    without: { ...ENGINE, pathSlack: false },
    // 'throughput' plans have no delay bound, so nothing to spend: the same plan.
    latencyOnly: true,
  },
];

const only = process.env.BENCH_AB_ONLY;
for (const { title, without, latencyOnly } of COMPARISONS) {
  if (only !== undefined && !title.toLowerCase().includes(only.toLowerCase())) continue;
  process.stdout.write(
    `\n${title} (everything else as in the engine), float32, ${String(seconds)} s of 48 kHz audio per row, alternating chunks\n\n${header}`,
  );
  for (const [J, blocks] of CONFIGURATIONS) {
    if (latencyOnly === true && blocks !== 'latency') continue;
    process.stdout.write(`${compare(J, blocks, seconds, without, ENGINE)}\n`);
  }
}
