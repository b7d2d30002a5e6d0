/**
 * The packaged desktop app, end to end, through Playwright's Electron support: it runs where an
 * Electron binary is installed (`npm install` without ELECTRON_SKIP_BINARY_DOWNLOAD) and patchelf
 * is present, and is skipped, with the reason printed, where they are not.
 *
 * It packages the app as a user's machine would get it (`electron-forge package`), starts it,
 * and checks the window's isolation, the bridge, and a replay flowing from the engine's utility
 * process to the panels. The native open dialog is answered from the main process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sineWav } from '../support/wav-builder.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGED = join(ROOT, 'out', 'Scatterscope-linux-x64', 'scatterscope-desktop');

/** Why the test cannot run here, or null. Never triggers Electron's own download. */
function missingPrerequisite(): string | null {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile))
    return 'no Electron binary (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)';
  const binary = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8'));
  if (!existsSync(binary)) return `the Electron binary ${binary} is missing`;
  if (spawnSync('patchelf', ['--version']).status !== 0)
    return 'patchelf is not installed (apt-get install patchelf): packaging needs it';
  return null;
}

const missing = missingPrerequisite();
if (missing !== null) console.warn(`desktop app end-to-end test skipped: ${missing}`);

describe.skipIf(missing !== null)('the packaged desktop app', () => {
  let app: ElectronApplication;
  let folder: string;

  beforeAll(async () => {
    const packaging = spawnSync('npx', ['electron-forge', 'package'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 600_000,
    });
    if (packaging.status !== 0)
      throw new Error(`electron-forge package failed:\n${packaging.stdout}\n${packaging.stderr}`);
    folder = mkdtempSync(join(tmpdir(), 'scatterscope-desktop-'));
    app = await electron.launch({
      executablePath: PACKAGED,
      // A fresh profile and music folder: settings and recordings stay in the temporary folder.
      env: { ...process.env, HOME: folder, XDG_CONFIG_HOME: join(folder, 'config') },
    });
  }, 660_000);

  afterAll(async () => {
    await app.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('opens an isolated window: no Node in the page, only the bridge', async () => {
    const page = await app.firstWindow();
    expect(await page.title()).toBe('Scatterscope');
    const exposed = await page.evaluate(() => ({
      require: typeof (globalThis as Record<string, unknown>).require,
      process: typeof (globalThis as Record<string, unknown>).process,
      bridge: Object.keys(
        (globalThis as unknown as Record<string, Record<string, unknown>>).scatterscopeDesktop ??
          {},
      ).sort(),
    }));
    expect(exposed).toEqual({
      require: 'undefined',
      process: 'undefined',
      bridge: [
        'chooseRecordingsFolder',
        'onMenuCommand',
        'openSource',
        'requestEnginePort',
        'saveFile',
      ],
    });
  });

  it('denies the page the microphone (capture runs in the engine process)', async () => {
    const page = await app.firstWindow();
    const outcome = await page.evaluate(() => {
      // Runs in the page (DOM types are not in the tests' settings).
      const { mediaDevices } = (
        globalThis as unknown as {
          navigator: { mediaDevices: { getUserMedia(c: object): Promise<unknown> } };
        }
      ).navigator;
      return mediaDevices.getUserMedia({ audio: true }).then(
        () => 'granted',
        (error: unknown) => (error instanceof Error ? error.name : 'error'),
      );
    });
    expect(outcome).toBe('NotAllowedError');
  });

  it('replays a file picked in the open dialog, and the scalogram fills', async () => {
    const wav = join(folder, 'tone.wav');
    writeFileSync(wav, sineWav(1000, 4, 16_000));
    await app.evaluate(({ dialog }, path) => {
      dialog.showOpenDialog = () => Promise.resolve({ canceled: false, filePaths: [path] });
    }, wav);
    const page = await app.firstWindow();
    await page.getByTestId('open-file').click();
    await page.waitForFunction(
      () => {
        const hook = (
          globalThis as unknown as {
            __scatterscopeTest?: { scalogram(): { seconds: readonly number[] } | null };
          }
        ).__scatterscopeTest;
        return (hook?.scalogram()?.seconds.length ?? 0) > 5;
      },
      null,
      { timeout: 30_000 },
    );
    expect(await page.getByTestId('status-link').textContent()).not.toContain('connecting');
  });
});
