/**
 * `scatterscope serve`: the engine host in this process, its page and WebSocket over HTTP.
 * Prints one line with the URL to open; runs until Ctrl-C or SIGTERM, then closes the sockets,
 * finalises a recording in progress and releases the input.
 */
import { networkInterfaces } from 'node:os';
import { EngineHost } from '../../engine/host/engine-host.js';
import { micCapture } from '../../engine/host/mic-capture.js';
import type { CommandContext } from '../console.js';
import { printMessage } from '../console.js';
import { InputError } from '../errors.js';
import { newAccessToken } from './access-token.js';
import { hostHeaderFor } from './allowed-hosts.js';
import { SERVE_HELP } from './serve-help.js';
import { parseServeCommandLine } from './serve-options.js';
import { startServeServer, type RunningServer } from './serve-server.js';
import { RENDERER_FOLDER } from './static-files.js';

export async function runServeCommand(
  args: readonly string[],
  context: CommandContext,
): Promise<void> {
  const config = parseServeCommandLine(args);
  if (config === 'help') {
    context.stdout.write(SERVE_HELP);
    return;
  }
  const host = new EngineHost({
    settings: config.settings,
    engine: config.engine,
    ...(config.mic ? { capture: micCapture() } : {}),
  });
  try {
    for (const file of config.files) host.offerSource(file);
  } catch (error) {
    await host.close();
    throw new InputError(errorMessage(error));
  }
  if (config.recordDir !== undefined) {
    try {
      host.setRecordingsFolder(config.recordDir);
    } catch (error) {
      await host.close();
      throw new InputError(`--record-dir: ${errorMessage(error)}`);
    }
  }
  const token = config.exposed ? newAccessToken() : null;
  let server: RunningServer;
  try {
    server = await startServeServer({
      host,
      address: config.address,
      port: config.port,
      token,
      rendererFolder: RENDERER_FOLDER,
    });
  } catch (error) {
    await host.close();
    throw new InputError(
      `cannot listen on ${config.address} port ${String(config.port)}: ${errorMessage(error)}`,
    );
  }
  const url = `http://${hostHeaderFor(displayAddress(config.address), server.port)}/${token === null ? '' : `?token=${token}`}`;
  context.stdout.write(`Scatterscope is serving ${url} (Ctrl-C stops it)\n`);
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) resolve();
    context.signal.addEventListener(
      'abort',
      () => {
        resolve();
      },
      { once: true },
    );
  });
  await server.close();
  const recording = host.state.recording;
  await host.close();
  if (recording?.active === true)
    printMessage(context.stderr, `recording finalised in ${recording.folder}`);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An address a browser can open: a wildcard listener is reached by one of this machine's. */
function displayAddress(address: string): string {
  if (address !== '0.0.0.0' && address !== '::') return address;
  for (const entries of Object.values(networkInterfaces()))
    for (const entry of entries ?? [])
      if (!entry.internal && entry.family === 'IPv4') return entry.address;
  return '127.0.0.1';
}
