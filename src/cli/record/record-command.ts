/**
 * `scatterscope record --out DIR`: the microphone recorded into a session folder and analysed
 * live. Ends after --duration, on Ctrl-C/SIGTERM, or when the device is lost; the files are
 * complete in every case.
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

  live.frames$.subscribe((packet) => {
    recorder?.appendFrames(packet.data, packet.rows, packet.count);
  });
  live.status$.subscribe((status) => {
    recorder?.setAnalysisCounts({
      droppedAnalysisBlocks: status.droppedBlocks,
      workerRestarts: status.worker.restarts,
    });
  });

  const ended = await waitForEnd(
    live,
    context,
    duration,
    meter,
    () => recorderStopped !== undefined,
  );
  const sourceStatus = live.status$.value.source;
  // Flushing reflect-pads the end: the last frames are written too, as a replay of the session gives.
  await live.stop(true);
  const final = recorder?.close();
  if (context.stderr.isTTY === true) context.stderr.write('\r\u001b[K');
  const seconds = (final?.samples ?? 0) / (mic?.sampleRate ?? 1);
  printMessage(
    context.stderr,
    `recorded ${seconds.toFixed(2)} s into ${dir} (${String(final?.frames ?? 0)} frames, ${String(live.status$.value.droppedBlocks)} analysis blocks dropped)`,
  );
  if (ended === 'device-lost')
    throw new InputError(
      sourceStatus.message ??
        'the input device was lost; the recording is complete up to that point',
    );
  if (ended === 'error')
    throw new InputError(
      recorderStopped?.message ?? sourceStatus.message ?? 'the recording stopped on an error',
    );
}

type EndReason = 'duration' | 'signal' | 'device-lost' | 'error';

/** Waits for the first reason to end, showing a status line on a terminal meanwhile. */
function waitForEnd(
  live: LiveAnalysis,
  context: CommandContext,
  durationSeconds: number | undefined,
  meter: LevelMeter,
  recorderFailed: () => boolean,
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
    const ticker = setInterval(() => {
      if (context.stderr.isTTY === true) {
        const status = live.status$.value;
        const elapsed = ((context.now() - started) / 1000).toFixed(1);
        context.stderr.write(
          `\r${elapsed} s  level ${meter.takeDbfs().toFixed(1)} dBFS  dropped ${String(status.droppedBlocks)}\u001b[K`,
        );
      }
      if (recorderFailed()) finish('error');
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
