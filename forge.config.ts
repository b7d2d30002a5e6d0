// Electron Forge: `npm start` runs the desktop app, `npm run make` builds Linux packages.
//
// What a package holds (see `keepInPackage` below):
// - .vite/: the main process, the preload script and the renderer page, bundled by Vite;
// - dist/src/: the engine host (capture, analysis worker, recorder, replay) as compiled by tsc,
//   run by an Electron utility process. It is not bundled: its DSP worker thread and its
//   WebAssembly FFT are separate files loaded by URL at run time;
// - native/pffft/build/Release/pffft_native.node: PFFFT compiled natively (an N-API addon, built
//   by `npm install`; the engine falls back to PFFFT's WebAssembly build without it);
// - node_modules/: the production dependencies (packager prunes devDependencies), naudiodon's
//   native binding and its PortAudio library included. Forge's Vite plugin would keep .vite/
//   alone and leave native externals out of the package (Forge issues #3917, #3738): the
//   `ignore` rule below replaces it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MakerDeb } from '@electron-forge/maker-deb';
import { MakerZIP } from '@electron-forge/maker-zip';
import { VitePlugin } from '@electron-forge/plugin-vite';
import type { ForgeConfig } from '@electron-forge/shared-types';

/** Top-level paths of the project that go into the package (packager passes '/a/b' paths). */
const KEPT = ['/.vite', '/dist', '/native', '/node_modules', '/package.json'];
/** Inside what is kept, what is not needed at run time. */
const DROPPED = [
  /^\/dist\/(?:test-types|typecheck|tsbuild|bench|renderer)(?:\/|$)/,
  /\.(?:map|d\.ts|ts)$/,
  // naudiodon's index.js loads it, writing crash.log into the working directory; the engine
  // binds naudiodon's native module directly (src/io/mic/portaudio.ts) and never needs it.
  /^\/node_modules\/segfault-handler(?:\/|$)/,
  // Of the native PFFFT addon, the built module only (and the folders on the way to it).
  /^\/native\/pffft\/(?!build(?:\/Release(?:\/pffft_native\.node)?)?$)/,
];

/** Whether a project path ('/dist/src/cli/main.js') goes into the package. */
export const keepInPackage = (file: string): boolean =>
  file === '' ||
  (KEPT.some((root) => file === root || file.startsWith(`${root}/`)) &&
    !DROPPED.some((pattern) => pattern.test(file)));

/**
 * naudiodon's binding records the absolute path of the folder it was built in as its RUNPATH,
 * to find the libportaudio.so.2 built beside it. Point it at its own folder instead ($ORIGIN),
 * so the packaged binding finds its PortAudio wherever the app is installed.
 */
function relocateNaudiodon(buildPath: string): void {
  const binding = join(
    buildPath,
    'node_modules',
    'naudiodon',
    'build',
    'Release',
    'naudiodon.node',
  );
  if (!existsSync(binding)) throw new Error(`naudiodon's native binding is missing: ${binding}`);
  execFileSync('patchelf', ['--set-rpath', '$ORIGIN', binding], { stdio: 'inherit' });
}

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Scatterscope',
    executableName: 'scatterscope-desktop',
    ignore: (file) => !keepInPackage(file),
    // Plain files rather than app.asar: the engine host starts a worker thread from a file URL,
    // reads PFFFT's WebAssembly and loads naudiodon's native library, all through Node's own
    // loaders, which read real files only (Electron patches its fs for asar, not every loader).
    asar: false,
  },
  // naudiodon is an N-API module: one build serves every Node and Electron version, so nothing
  // is rebuilt against Electron's headers (which would also need a download).
  rebuildConfig: { onlyModules: [] },
  hooks: {
    packageAfterPrune: async (_config, buildPath) => {
      relocateNaudiodon(buildPath);
      return Promise.resolve();
    },
  },
  makers: [
    new MakerZIP({}, ['linux']),
    new MakerDeb({
      options: {
        name: 'scatterscope',
        productName: 'Scatterscope',
        genericName: 'Audio analyser',
        categories: ['Audio', 'Science'],
        section: 'sound',
        depends: ['libasound2'],
      },
    }),
  ],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'electron/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'electron/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    }),
  ],
};

export default config;
