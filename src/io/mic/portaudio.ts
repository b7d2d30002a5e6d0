/**
 * PortAudio through naudiodon's native binding: loaded lazily, in this one place.
 *
 * The native binding is used directly rather than through naudiodon's index.js, for three
 * reasons measured with naudiodon 2.3.6:
 * - index.js registers `segfault-handler`, which writes crash.log into the user's working
 *   directory (and is not N-API);
 * - its abort() passes two arguments to the native quit(), which throws "Quit expects 1
 *   argument", so a stream could not be stopped without waiting; the binding's quit('ABORT')
 *   works and returns a promise;
 * - it logs every stream error to the console.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/** A device as PortAudio lists it. */
export interface PortAudioDevice {
  readonly id: number;
  readonly name: string;
  readonly maxInputChannels: number;
  readonly maxOutputChannels: number;
  readonly defaultSampleRate: number;
  readonly hostAPIName: string;
}

export interface PortAudioReadResult {
  readonly buf?: Buffer;
  readonly finished?: boolean;
  readonly err?: Error;
}

/** The native stream object. */
export interface PortAudioStream {
  start(): void;
  /** Resolves with up to `bytes` bytes as soon as some are captured (or `finished` after a quit). */
  read(bytes: number): Promise<PortAudioReadResult>;
  /**
   * Queues a copy of `chunk` (copied before this returns); resolves once the device queue has
   * room for it, with PortAudio's status flags since the last write as text when closeOnError
   * is set (e.g. "portAudio status - output underflow").
   */
  write(chunk: Buffer): Promise<string | undefined>;
  /** 'ABORT' drops what is buffered and ends pending reads; 'WAIT' drains first. */
  quit(mode: 'ABORT' | 'WAIT'): Promise<void>;
}

export interface PortAudioStreamOptions {
  readonly inOptions?: PortAudioDirectionOptions;
  readonly outOptions?: PortAudioDirectionOptions;
}

export interface PortAudioDirectionOptions {
  readonly channelCount: number;
  /** 1 = float32, 16 = int16 (naudiodon's constants). Never left to the default 8-bit. */
  readonly sampleFormat: 1 | 16;
  readonly sampleRate: number;
  /** -1: the default device. */
  readonly deviceId: number;
  readonly closeOnError: boolean;
  readonly framesPerBuffer?: number;
  /**
   * Driver buffers the binding may hold for us (default 2). When they are all full its audio
   * callback blocks, and the sound card overruns: keep this large.
   */
  readonly maxQueue?: number;
}

export interface PortAudioBinding {
  getDevices(): PortAudioDevice[];
  create(options: PortAudioStreamOptions): PortAudioStream;
}

/** naudiodon is missing, unbuilt, or PortAudio cannot start. */
export class AudioDriverError extends Error {
  override readonly name = 'AudioDriverError';
}

let binding: PortAudioBinding | undefined;

export function loadPortAudio(): PortAudioBinding {
  if (binding !== undefined) return binding;
  const require = createRequire(import.meta.url);
  let moduleRoot: string;
  try {
    moduleRoot = dirname(require.resolve('naudiodon/package.json'));
  } catch {
    throw new AudioDriverError(
      'audio input and output need the naudiodon package: run `npm install`',
    );
  }
  try {
    const bindings = require(require.resolve('bindings', { paths: [moduleRoot] })) as (options: {
      bindings: string;
      module_root: string;
    }) => PortAudioBinding;
    binding = bindings({ bindings: 'naudiodon.node', module_root: moduleRoot });
  } catch (error) {
    throw new AudioDriverError(
      `cannot load naudiodon's native module (${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}); rebuild it with \`npm rebuild naudiodon\``,
    );
  }
  return binding;
}
