/**
 * Loads the native PFFFT addon (native/pffft, built by `npm install`) and hands it to the engine,
 * so that this thread's float32 engines run their FFTs on PFFFT compiled for the CPU: up to 1.35
 * times faster per transform than PFFFT's WebAssembly build, 1.15 to 1.22 times on the whole
 * engine (bench/results.md); and where the CPU has AVX-512, most of them on the addon's own
 * four-step FFT, faster again (native/pffft/four-step-fft.h). The WebAssembly build stays the
 * fallback where the addon was not built (no C compiler at install time) or does not load.
 * SCATTERSCOPE_NATIVE_FFT=0 chooses the WebAssembly build, =pffft native PFFFT only.
 *
 * Called once per thread, before the first engine, by every thread that runs engines: the DSP
 * worker, the CLI's `analyse`, the benchmarks.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { useNativePffft, type NativePffft } from '../dsp/index.js';
import { ownPackage } from '../io/own-package.js';

/** Which PFFFT build this thread's float32 engines use, and why not the native one. */
export type PffftBuild =
  | {
      readonly native: true;
      readonly path: string;
      /** Whether the four-step transforms run where they apply (AVX-512, not opted out). */
      readonly fourStep: boolean;
    }
  | {
      readonly native: false;
      /** Chosen by SCATTERSCOPE_NATIVE_FFT=0 rather than for want of the addon. */
      readonly optedOut: boolean;
      readonly reason: string;
    };

const ADDON = join('native', 'pffft', 'build', 'Release', 'pffft_native.node');

let installed: PffftBuild | undefined;

/** The addon's path, in the project's root, if it was built. */
function findAddon(): string | undefined {
  const root = ownPackage();
  if (root === null) return undefined;
  const path = join(root.folder, ADDON);
  return existsSync(path) ? path : undefined;
}

function isNativePffft(value: unknown): value is NativePffft {
  const addon = value as Partial<Record<keyof NativePffft, unknown>> | null;
  return (
    addon !== null &&
    typeof addon.newSetup === 'function' &&
    typeof addon.transform === 'function' &&
    typeof addon.fourStepSupported === 'function' &&
    typeof addon.usesFourStep === 'function' &&
    typeof addon.binValues === 'function' &&
    typeof addon.realFrom === 'function'
  );
}

/** Loads the addon once per thread and makes the engine use it; says which build runs. */
export function installNativePffft(env: NodeJS.ProcessEnv = process.env): PffftBuild {
  if (installed !== undefined) return installed;
  const { build, addon } = loadNativePffft(env);
  useNativePffft(addon);
  installed = build;
  return build;
}

/** The addon, without handing it to the engine (for benchmarks that compare the builds). */
export function loadNativePffft(env: NodeJS.ProcessEnv = process.env): {
  build: PffftBuild;
  addon?: NativePffft;
} {
  if (env.SCATTERSCOPE_NATIVE_FFT === '0') {
    return { build: { native: false, optedOut: true, reason: 'SCATTERSCOPE_NATIVE_FFT=0' } };
  }
  const path = findAddon();
  if (path === undefined) {
    return {
      build: {
        native: false,
        optedOut: false,
        reason: `${ADDON} is not built (run \`npm run build:native\`)`,
      },
    };
  }
  try {
    const addon: unknown = createRequire(import.meta.url)(path);
    if (!isNativePffft(addon)) {
      return {
        // A build from another version of this project lacks a call this one makes.
        build: {
          native: false,
          optedOut: false,
          reason: `${path} is not this version's PFFFT addon (run \`npm run build:native\`)`,
        },
      };
    }
    if (env.SCATTERSCOPE_NATIVE_FFT === 'pffft') {
      // PFFFT's transforms only: every plan asks for them.
      // Every method named: the addon's exports are not enumerable, so a spread copies none.
      const pffftOnly: NativePffft = {
        newSetup: (size, complex) => addon.newSetup(size, complex, false),
        fourStepSupported: () => false,
        transform: addon.transform.bind(addon),
        usesFourStep: addon.usesFourStep.bind(addon),
        binValues: addon.binValues.bind(addon),
        realFrom: addon.realFrom.bind(addon),
      };
      return { build: { native: true, path, fourStep: false }, addon: pffftOnly };
    }
    return { build: { native: true, path, fourStep: addon.fourStepSupported() }, addon };
  } catch (error) {
    return {
      build: {
        native: false,
        optedOut: false,
        reason: `${path} did not load: ${(error as Error).message}`,
      },
    };
  }
}

/** One line naming the FFTs a PffftBuild runs, for benchmarks' and tools' reports. */
export function describePffftBuild(build: PffftBuild): string {
  if (!build.native) return `PFFFT's WebAssembly build (${build.reason})`;
  return build.fourStep ? 'native PFFFT and the four-step FFT (AVX-512)' : 'native PFFFT';
}
