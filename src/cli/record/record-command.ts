/**
 * `scatterscope record --out DIR`: the microphone recorded into a session folder and analysed
 * live. Ends after --duration, on Ctrl-C/SIGTERM, or when the device is lost; the files are
 * complete in every case.
 *
 * A write error (a full disk, a file-size limit, the folder deleted) stops the recording only:
 * the recorder keeps what it wrote and says why at once, on its own line; the analysis and the
 * status line go on until --duration or Ctrl-C, as a user watching the level would expect. The
 * command then ends with exit code 1 and the error named, so that a script notices the
 * recording is short.
 */
import { MicSource } from '../../io/mic/mic-source.js';
import { SessionRecorder, type RecorderStatus } from '../../io/session/session-recorder.js';
import { LiveAnalysis } from '../../engine/live-analysis.js';
import type { CommandContext } from '../console.js';
import { printMessage } from '../console.js';
import {
  ENGINE_OPTIONS,
  parseEngineOptions,
  parseInteger,
  sessionEngineParams,
  workerEngineConfig,
} from '../engine-options.js';
import { InputError, UsageError } from '../errors.js';
import { parseCommandLine } from '../parse-command-line.js';
import { LevelMeter } from './level-meter.js';
import { RECORD_HELP } from './record-help.js';

const RECORD_OPTIONS = {
  out: { type: 'string', short: 'o' },
  device: { type: 'string' },
  rate: { type: 'string' },
  channels: { type: 'string' },
  format: { type: 'string' },
  duration: { type: 'string' },
  ...ENGINE_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

/** Status line refresh on a terminal, ms. */
const STATUS_EVERY_MS = 250;

export async function runRecordCommand(
  args: readonly string[],
  context: CommandContext,
): Promise<void> {
  const { values, positionals } = parseCommandLine(
    args,
    RECORD_OPTIONS,
    'scatterscope record --help',
  );
  if (values.help === true) {
    context.stdout.write(RECORD_HELP);
    return;
  }
  if (positionals.length > 0)
    throw new UsageError(`record takes no positional argument (got '${positionals.join(' ')}')`);
  const dir = values.out;
  if (dir === undefined || dir === '')
    throw new UsageError('missing --out DIR (the session folder)');
  const engine = parseEngineOptions(values);
  const rate = values.rate === undefined ? undefined : parseInteger('rate', values.rate);
  const channels = values.channels === undefined ? 1 : parseInteger('channels', values.channels);
  if (channels < 1) throw new UsageError(`--channels must be 1 or more (got ${String(channels)})`);
  if (engine.channel !== 'mix' && engine.channel >= channels) {
    throw new UsageError(
      `--channel ${String(engine.channel)} is not among the ${String(channels)} recorded channel(s)`,
    );
  }
  const format = values.format ?? 'float32';
  if (format !== 'float32' && format !== 'int16')
    throw new UsageError(`--format must be float32 or int16 (got '${format}')`);
  const duration = values.duration === undefined ? undefined : Number(values.duration);
  if (duration !== undefined && !(Number.isFinite(duration) && duration > 0)) {
    throw new UsageError(
      `--duration must be a positive number of seconds (got '${values.duration ?? ''}')`,
    );
  }
  const device =
    values.device === undefined
      ? undefined
      : /^\d+$/.test(values.device)
        ? Number(values.device)
        : values.device;

  let recorder: SessionRecorder | undefined;
  let mic: MicSource | undefined;
  let recorderStopped: RecorderStatus | undefined;
  const meter = new LevelMeter();
  const live = await LiveAnalysis.start({
    engine: workerEngineConfig(engine, 'latency'),
    channel: engine.channel,
    source: (info) => {
      mic = new MicSource({
        ...(device === undefined ? {} : { device }),
        ...(rate === undefined ? {} : { sampleRate: rate }),
        channels,
        format,
      });
      recorder = new SessionRecorder({
        dir,
        sampleRate: mic.sampleRate,
        channels,
        device:
          mic.device === undefined
            ? { name: 'default' }
            : { name: mic.device.name, hostApi: mic.device.hostApi },
        engine: sessionEngineParams(engine),
        scattering: {
          paths: info.paths,
          hop: info.hop,
          firstCentre: info.firstFrameCentre,
          channel: engine.channel,
        },
        onStatus: (status) => {
          if (status.state === 'stopped-on-error') recorderStopped = status;
        },
      });
      return mic;
    },
    onAudio: (chunk) => {
      recorder?.appendAudio(chunk);
      meter.add(chunk.channels);
    },
  }).catch((error: unknown) => {
    throw error instanceof Error && error.name === 'AudioDriverError'
      ? new InputError(error.message)
      : error;
  });

  // Counted here too: the analysis goes on after a write error stops the recorder.
  let frames = 0;
  live.frames$.subscribe((packet) => {
    frames += packet.count;
    recorder?.appendFrames(packet.data, packet.rows, packet.count);
  });
  live.status$.subscribe((status) => {
    recorder?.setAnalysisCounts({
      droppedAnalysisBlocks: status.droppedBlocks,
      workerRestarts: status.worker.restarts,
    });
  });

  const ended = await waitForEnd(live, context, duration, meter, () => recorderStopped);
  const sourceStatus = live.status$.value.source;
  // Flushing reflect-pads the end: the last frames are written too, as a replay of the session gives.
  await live.stop(true);
  const final = recorder?.close();
  if (context.stderr.isTTY === true) context.stderr.write('\r\u001b[K');
  const sampleRate = mic?.sampleRate ?? 1;
  const seconds = (final?.samples ?? 0) / sampleRate;
  const dropped = `${String(live.status$.value.droppedBlocks)} analysis blocks dropped`;
  printMessage(
    context.stderr,
    recorderStopped === undefined
      ? `recorded ${seconds.toFixed(2)} s into ${dir} (${String(final?.frames ?? 0)} frames, ${dropped})`
      : `recorded ${seconds.toFixed(2)} s into ${dir} before the recording stopped; analysed ${(live.status$.value.samples / sampleRate).toFixed(2)} s (${String(frames)} frames, ${dropped})`,
  );
  if (ended === 'device-lost')
    throw new InputError(
      sourceStatus.message ??
        'the input device was lost; the recording is complete up to that point',
    );
  if (ended === 'error') throw new InputError(sourceStatus.message ?? 'the audio input failed');
  if (recorderStopped !== undefined)
    throw new InputError(
      `the recording stopped early: ${recorderStopped.message ?? 'a write failed'}`,
    );
}

type EndReason = 'duration' | 'signal' | 'device-lost' | 'error';

/**
 * Waits for the first reason to end, showing a status line on a terminal meanwhile. A stopped
 * recorder is no reason to end: it is announced once, and the status line then says so.
 */
function waitForEnd(
  live: LiveAnalysis,
  context: CommandContext,
  durationSeconds: number | undefined,
  meter: LevelMeter,
  recorderStopped: () => RecorderStatus | undefined,
): Promise<EndReason> {
  const started = context.now();
  return new Promise((resolve) => {
    const cleanups: (() => void)[] = [];
    let done = false;
    const isDone = (): boolean => done;
    const finish = (reason: EndReason): void => {
      if (done) return;
      done = true;
      for (const cleanup of cleanups) cleanup();
      resolve(reason);
    };
    if (durationSeconds !== undefined) {
      const timer = setTimeout(() => {
        finish('duration');
      }, durationSeconds * 1000);
      cleanups.push(() => {
        clearTimeout(timer);
      });
    }
    const onAbort = (): void => {
      finish('signal');
    };
    context.signal.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => {
      context.signal.removeEventListener('abort', onAbort);
    });
    let announced = false;
    const ticker = setInterval(() => {
      const stopped = recorderStopped();
      const tty = context.stderr.isTTY === true;
      if (stopped !== undefined && !announced) {
        announced = true;
        if (tty) context.stderr.write('\r\u001b[K');
        printMessage(
          context.stderr,
          `recording stopped (analysis goes on until ${durationSeconds === undefined ? 'Ctrl-C' : 'the end of --duration'}): ${stopped.message ?? 'a write failed'}`,
        );
      }
      if (tty) {
        const status = live.status$.value;
        const elapsed = ((context.now() - started) / 1000).toFixed(1);
        context.stderr.write(
          `\r${elapsed} s  level ${meter.takeDbfs().toFixed(1)} dBFS  dropped ${String(status.droppedBlocks)}${stopped === undefined ? '' : '  NOT RECORDING'}\u001b[K`,
        );
      }
    }, STATUS_EVERY_MS);
    cleanups.push(() => {
      clearInterval(ticker);
    });
    const subscription = live.status$.subscribe((status) => {
      if (status.source.state === 'device-lost') finish('device-lost');
      if (status.source.state === 'error') finish('error');
    });
    cleanups.push(() => {
      subscription.unsubscribe();
    });
    // The status may already have ended the wait while subscribing (it replays its last value).
    if (isDone()) subscription.unsubscribe();
    void live.finished.then(() => {
      finish('device-lost');
    });
  });
}
