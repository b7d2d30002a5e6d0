/**
 * Messages between a user interface (the renderer page, in Electron or in a browser) and the
 * engine host that owns capture, analysis, recording and replay. Transport-neutral: the same
 * objects travel over an Electron MessagePort (structured clone) and over a WebSocket (JSON text
 * for everything but frames, which travel as binary packets: see `frame-packet.ts`).
 *
 * Paths never cross from the UI to the host. The UI opens what the host offers (`sources`, by
 * id) and records into the folder the host was given; a browser can therefore never make a
 * server open, list or write a path it was not started with.
 */
import type { PathMetaHz } from './layout.js';
import type { SerializedError } from './worker-messages.js';

/** Engine parameters the UI can change (the scattering options of `scatterscope analyse`). */
export interface UiEngineParams {
  readonly J: number;
  readonly Q1: number;
  readonly Q2: number;
  /** Averaging scale in samples; null: 2^J. */
  readonly T: number | null;
  readonly oversampling: number;
  readonly maxOrder: 1 | 2;
}

export const DEFAULT_UI_ENGINE_PARAMS: UiEngineParams = {
  J: 10,
  Q1: 8,
  Q2: 1,
  T: null,
  oversampling: 0,
  maxOrder: 2,
};

/** Replay speed: a multiple of real time, or as fast as the engine goes. */
export type ReplaySpeed = number | 'max';

/** Requests from the UI. `id` is echoed in the host's `reply`. */
export type UiRequest = { readonly id: number } & (
  | { readonly type: 'list-devices' }
  /** Analyse an input device (null: the system default). */
  | { readonly type: 'start-live'; readonly device: string | number | null }
  /** Replay one of the host's offered sources (`HostState.sources[i].id`). */
  | { readonly type: 'open-source'; readonly sourceId: string }
  /**
   * Stop the analysis and close the input (the device, or the replayed file); a recording in
   * progress ends with it, its files complete, as it does when a file reaches its end.
   */
  | { readonly type: 'stop' }
  /**
   * Change the engine: analysis restarts with them, a recording in progress goes on. Its audio
   * is not interrupted; its scattering.npy keeps the frames up to the change (frames of another
   * layout cannot join them), which a 'recording-failed' warning notice says.
   */
  | { readonly type: 'set-engine'; readonly params: UiEngineParams }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'seek'; readonly seconds: number }
  | { readonly type: 'set-speed'; readonly speed: ReplaySpeed }
  | { readonly type: 'set-loop'; readonly loop: boolean }
  /** Record the input being analysed into a new session folder under the host's recordings. */
  | { readonly type: 'start-recording' }
  | { readonly type: 'stop-recording' }
);

export type UiRequestType = UiRequest['type'];

export interface DeviceInfo {
  readonly index: number;
  readonly name: string;
  readonly hostApi: string;
  readonly channels: number;
  readonly defaultSampleRate: number;
  readonly isDefault: boolean;
}

/** Something the host can replay: a file or a session folder it was given. */
export interface OfferedSource {
  readonly id: string;
  /** What to show (a file name), never used to open anything. */
  readonly label: string;
  readonly kind: 'file' | 'session';
}

export interface AnalysisLayout {
  readonly sampleRate: number;
  readonly hop: number;
  /** Worst-case samples after a frame's centre before it is shown. */
  readonly latencySamples: number;
  readonly paths: readonly PathMetaHz[];
  readonly engine: UiEngineParams;
}

export interface RecordingState {
  /** Folder name as the user should see it (the host's own path). */
  readonly folder: string;
  readonly seconds: number;
  readonly bytes: number;
  /** Set when the recorder stopped on an error (full disk, lost folder); the analysis goes on. */
  readonly error: string | null;
  readonly active: boolean;
}

export interface ReplayState {
  readonly sourceId: string;
  readonly label: string;
  readonly durationSeconds: number;
  readonly positionSeconds: number;
  readonly paused: boolean;
  readonly speed: ReplaySpeed;
  readonly loop: boolean;
}

/**
 * Everything about the host a UI shows, in one snapshot. Sent in a `state` event when a UI
 * connects and whenever something in it changes but for what moves on its own (the replay's
 * position, the recording's seconds and bytes): those travel in `progress` events (see
 * HostProgress), so that the layout (~90 kB of JSON at the default parameters) is not re-sent
 * while a replay plays. Each `state` is complete and current, the moving fields included.
 */
export interface HostState {
  /** 'idle' again when a replayed file reaches its end (not looping) or a device is lost. */
  readonly mode: 'idle' | 'starting' | 'live' | 'replay';
  /** Input device of a live analysis (its name), or null. */
  readonly device: string | null;
  readonly layout: AnalysisLayout | null;
  readonly engine: UiEngineParams;
  readonly sources: readonly OfferedSource[];
  /** Whether `start-recording` can work (the host was given a folder to record into). */
  readonly canRecord: boolean;
  /** Whether `start-live` can work (the host may open input devices). */
  readonly canCapture: boolean;
  readonly recording: RecordingState | null;
  readonly replay: ReplayState | null;
}

/**
 * What moves on its own while nothing else changes, sent in a `progress` event about twice a
 * second (only when it moved; never more often than `stats`). A UI applies it to the last
 * `state` it got (`applyProgress`); a part is null when the state has none (no replay, no
 * recording), and a part the UI's state lacks is ignored.
 */
export interface HostProgress {
  /** `HostState.replay.positionSeconds`: seconds into the file. */
  readonly replay: Pick<ReplayState, 'positionSeconds'> | null;
  /** `HostState.recording.seconds` (of audio recorded) and `.bytes` (written, all files). */
  readonly recording: Pick<RecordingState, 'seconds' | 'bytes'> | null;
}

/** Counters for the status bar, sent about twice a second. */
export interface HostStats {
  /** Engine CPU time per second of audio analysed (1 = one core fully busy in real time). */
  readonly engineLoad: number;
  readonly droppedBlocks: number;
  /** Samples lost to worker restarts. */
  readonly gapSamples: number;
  readonly overruns: number;
}

/** The input's last ~100 ms for the waveform and level panel (one channel, the analysed mix). */
export interface InputView {
  /** Min and max per display column: [min0, max0, min1, max1, ...], in full scale (±1). */
  readonly minMax: Float32Array;
  /** Seconds covered by `minMax`. */
  readonly seconds: number;
  /** Over the view: peak and RMS in dBFS (-Infinity for silence, sent as null). */
  readonly peakDb: number | null;
  readonly rmsDb: number | null;
  /** A sample at or beyond full scale in this view. */
  readonly clipped: boolean;
}

export type NoticeCode =
  | 'device-lost'
  | 'device-error'
  | 'unreadable-source'
  | 'recording-failed'
  | 'engine-error'
  | 'bad-request';

/**
 * Host events, besides frames (which travel as `FramePacket`s). A UI's picture of the host is
 * the last `state` with every `progress` since applied to it.
 */
export type HostEvent =
  /** The whole state: first on connecting, then on every change but progress. */
  | { readonly type: 'state'; readonly state: HostState }
  /** The replay's position and the recording's size, ~2 per second while they move. */
  | { readonly type: 'progress'; readonly progress: HostProgress }
  | { readonly type: 'devices'; readonly devices: readonly DeviceInfo[] }
  | { readonly type: 'stats'; readonly stats: HostStats }
  | { readonly type: 'input'; readonly view: InputView }
  /** Something the user must see; the host keeps running. */
  | {
      readonly type: 'notice';
      readonly level: 'error' | 'warning';
      readonly code: NoticeCode;
      readonly message: string;
    }
  /** The answer to one request: done, or why not. */
  | {
      readonly type: 'reply';
      readonly id: number;
      readonly ok: boolean;
      readonly error?: SerializedError;
    };

const REQUEST_TYPES: ReadonlySet<string> = new Set<UiRequestType>([
  'list-devices',
  'start-live',
  'open-source',
  'stop',
  'set-engine',
  'pause',
  'resume',
  'seek',
  'set-speed',
  'set-loop',
  'start-recording',
  'stop-recording',
]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

const isInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value);

function checkEngineParams(value: unknown): string | null {
  if (!isRecord(value)) return 'params must be an object';
  for (const key of ['J', 'Q1', 'Q2', 'oversampling'] as const) {
    if (!isInteger(value[key])) return `params.${key} must be an integer`;
  }
  if (value.T !== null && !isInteger(value.T)) return 'params.T must be an integer or null';
  if (value.maxOrder !== 1 && value.maxOrder !== 2) return 'params.maxOrder must be 1 or 2';
  return null;
}

/**
 * Checks a request that arrived from an untrusted transport (a WebSocket): its shape only; the
 * host checks the values (an engine parameter out of range, an unknown source id).
 * Returns the request, or a message naming what is wrong.
 */
export function parseUiRequest(value: unknown): UiRequest | string {
  if (!isRecord(value)) return 'a request must be an object';
  const { id, type } = value;
  if (!isInteger(id)) return 'a request needs an integer id';
  if (typeof type !== 'string' || !REQUEST_TYPES.has(type))
    return `unknown request type ${JSON.stringify(type)}`;
  switch (type) {
    case 'start-live': {
      const device = value.device;
      if (device !== null && typeof device !== 'string' && !isInteger(device))
        return 'start-live.device must be a name, an index or null';
      break;
    }
    case 'open-source':
      if (typeof value.sourceId !== 'string') return 'open-source.sourceId must be a string';
      break;
    case 'set-engine': {
      const problem = checkEngineParams(value.params);
      if (problem !== null) return `set-engine: ${problem}`;
      break;
    }
    case 'seek':
      if (!isFiniteNumber(value.seconds) || value.seconds < 0)
        return 'seek.seconds must be a number ≥ 0';
      break;
    case 'set-speed': {
      const speed = value.speed;
      if (speed !== 'max' && !(isFiniteNumber(speed) && speed > 0))
        return "set-speed.speed must be a number > 0 or 'max'";
      break;
    }
    case 'set-loop':
      if (typeof value.loop !== 'boolean') return 'set-loop.loop must be a boolean';
      break;
    default:
      break;
  }
  return value as UiRequest;
}
