/**
 * `scatterscope replay INPUT`: a file or session replayed through the live analysis (the same
 * worker and pipeline as the microphone), optionally recorded into a new session folder, and
 * optionally played on an output device (--play), which then sets the pace.
 */
import { LiveAnalysis } from '../../engine/live-analysis.js';
import { openReplaySource, type ReplaySource, type ReplaySpeed } from '../../io/replay-source.js';
import { AudioPlayer } from '../../io/playback/audio-player.js';
import { SessionRecorder } from '../../io/session/session-recorder.js';
import { SharedPause } from '../../pipeline/shared-pause.js';
import type { CommandContext } from '../console.js';
import { printMessage } from '../console.js';
import {
  ENGINE_OPTIONS,
  parseEngineOptions,
  sessionEngineParams,
  workerEngineConfig,
} from '../engine-options.js';
import { InputError, InterruptedError, UsageError } from '../errors.js';
import { parseCommandLine } from '../parse-command-line.js';
import { REPLAY_HELP } from './replay-help.js';
import { sessionDefaults } from './session-defaults.js';

const REPLAY_OPTIONS = {
  speed: { type: 'string' },
  loop: { type: 'boolean' },
  play: { type: 'boolean' },
  device: { type: 'string' },
  out: { type: 'string', short: 'o' },
  ...ENGINE_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

/** The engine options present on the command line. */
function definedEngineValues(
  values: Partial<Record<keyof typeof ENGINE_OPTIONS, string>>,
): Partial<Record<keyof typeof ENGINE_OPTIONS, string>> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => key in ENGINE_OPTIONS));
}

function parseSpeed(text: string | undefined): ReplaySpeed {
  if (text === undefined) return 1;
  if (text === 'max') return 'max';
  const speed = Number(text);
  if (text.trim() === '' || !Number.isFinite(speed) || speed <= 0) {
    throw new UsageError(`--speed must be a positive factor of real time or max (got '${text}')`);
  }
  return speed;
}

/** Formats whose length is exact before decoding: their replay can reproduce a batch transform. */
function exactLength(source: ReplaySource): number | undefined {
  if (source.durationSeconds === null || (source.format !== 'wav' && source.format !== 'flac'))
    return undefined;
  return Math.round(source.durationSeconds * source.sampleRate);
}

export async function runReplayCommand(
  args: readonly string[],
  context: CommandContext,
): Promise<void> {
  const { values, positionals } = parseCommandLine(
    args,
    REPLAY_OPTIONS,
    'scatterscope replay --help',
  );
  if (values.help === true) {
    context.stdout.write(REPLAY_HELP);
    return;
  }
  const [input, ...extra] = positionals;
  if (input === undefined)
    throw new UsageError(
      'replay needs an INPUT file or session folder (see scatterscope replay --help)',
    );
  if (extra.length > 0)
    throw new UsageError(`replay takes one INPUT, got ${String(positionals.length)}`);
  const play = values.play === true;
  if (values.device !== undefined && !play)
    throw new UsageError('--device chooses the output device of --play: add --play');
  if (play && values.speed !== undefined && parseSpeed(values.speed) !== 1)
    throw new UsageError(
      `--play plays at the device's own pace: --speed ${values.speed} cannot go with it`,
    );
  // Played: the device takes the audio as fast as it plays it, and that sets the pace.
  const speed = play ? 'max' : parseSpeed(values.speed);
  const loop = values.loop === true;
  const session = sessionDefaults(input);
  // Options given on the command line win over the session's.
  const engine = parseEngineOptions({ ...session?.options, ...definedEngineValues(values) });
  const started = context.now();

  const source = await openReplaySource(input, { speed, loop });
  if (engine.channel !== 'mix' && engine.channel >= source.channelCount) {
    await source.close();
    throw new InputError(
      `--channel ${String(engine.channel)} does not exist: ${input} has ${String(source.channelCount)} channel(s)`,
    );
  }
  const signalLength = loop || session?.live === true ? undefined : exactLength(source);
  // The source waits for whichever of the analysis and the output device is behind.
  const pause = new SharedPause(source);
  let playbackFailed: (message: string) => void = () => undefined;
  const playbackFailure = new Promise<string>((resolve) => {
    playbackFailed = resolve;
  });
  let player: AudioPlayer | undefined;
  try {
    player = play
      ? new AudioPlayer({
          ...(values.device === undefined ? {} : { device: values.device }),
          sampleRate: source.sampleRate,
          channels: source.channelCount,
          pausable: pause.handle(),
          onError: (message) => {
            playbackFailed(message);
          },
        })
      : undefined;
  } catch (error) {
    await source.close();
    throw error instanceof Error && error.name === 'AudioDriverError'
      ? new InputError(error.message)
      : error;
  }
  let recorder: SessionRecorder | undefined;
  const live = await LiveAnalysis.start({
    // As fast as possible: the cheapest blocks; paced (by a clock or a device): frames as soon
    // as possible.
    engine: workerEngineConfig(
      engine,
      speed === 'max' && !play && session?.live !== true ? 'throughput' : 'latency',
      signalLength,
    ),
    channel: engine.channel,
    // A file can wait: the replay pauses while the analysis catches up, so no block is dropped.
    queueBlocks: 32,
    pausable: pause.handle(),
    source: (info) => {
      if (values.out !== undefined) {
        recorder = new SessionRecorder({
          dir: values.out,
          sampleRate: source.sampleRate,
          channels: source.channelCount,
          device: { file: source.path },
          engine: sessionEngineParams(engine),
          scattering: {
            paths: info.paths,
            hop: info.hop,
            firstCentre: info.firstFrameCentre,
            channel: engine.channel,
          },
        });
      }
      return source;
    },
    onAudio: (chunk) => {
      recorder?.appendAudio(chunk);
      player?.play(chunk);
    },
  }).catch(async (error: unknown) => {
    await player?.close();
    await source.close();
    throw error;
  });
  let frames = 0;
  live.frames$.subscribe((packet) => {
    frames += packet.count;
    recorder?.appendFrames(packet.data, packet.rows, packet.count);
  });
  const interrupted = new Promise<'interrupted'>((resolve) => {
    context.signal.addEventListener('abort', () => resolve('interrupted'), { once: true });
  });
  const ended = await Promise.race([
    live.finished.then(() => 'ended' as const),
    interrupted,
    playbackFailure.then(() => 'playback-failed' as const),
  ]);
  const samples = live.status$.value.samples;
  await live.stop(ended === 'ended');
  // The device still holds the last ~0.2 s: let it play them unless the run was cut short.
  await (ended === 'ended' ? player?.finish() : player?.close());
  const final = recorder?.close();
  const seconds = samples / source.sampleRate;
  const wall = (context.now() - started) / 1000;
  printMessage(
    context.stderr,
    `replayed ${seconds.toFixed(2)} s of ${input} in ${wall.toFixed(2)} s (${(seconds / wall).toFixed(1)}x real time): ${String(frames)} frames${values.out === undefined ? '' : ` -> ${values.out}`}${player === undefined ? '' : `; played on ${player.device?.name ?? 'the default output'}${player.underflows > 0 ? ` (${String(player.underflows)} underflows)` : ''}`}`,
  );
  if (player?.error !== undefined) throw new InputError(`playback stopped: ${player.error}`);
  if (final?.state === 'stopped-on-error')
    throw new InputError(final.message ?? 'the session stopped on an error');
  if (ended === 'interrupted') {
    const reason: unknown = context.signal.reason;
    throw new InterruptedError(reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
  }
}
