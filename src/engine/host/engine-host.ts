/**
 * The engine host: one object that owns the input (a microphone or a replayed file), the
 * analysis in the DSP worker, and a recording, driven by UI requests and reporting to UIs.
 * Transport-neutral: a WebSocket server (`scatterscope serve`) or an Electron MessagePort
 * passes requests to `handle()` and forwards `events$` and `frames$`.
 *
 *   input (InputFeed) ──┬─ recording tap (every sample, from start-recording on)
 *                       ├─ input meter ───────────── 'input' events, ≤ ~30/s
 *                       └─ view ─ LiveAnalysis ───── frames ─┬─ recording (its grid)
 *                                                             └─ coalesced: ≤ ~30 packets/s
 *
 * Display packets go out as the data comes, at most once per display interval (DisplayPacer):
 * no timer wakes the process while nothing new arrives.
 *
 * A 'state' event (the whole HostState, layout included) goes out when something in it
 * changes; the replay's position and the recording's size, which move on their own, go out in
 * a small 'progress' event with the stats (~2/s), and only when they moved.
 *
 * Requests run one at a time, in order of arrival. What a UI can reach is limited to what the
 * host's owner gave it: sources it offered (`offerSource`) and the recordings folder
 * (`setRecordingsFolder`); neither is reachable from a request.
 */
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Subject, type Subscription } from 'rxjs';
import { LiveAnalysis } from '../live-analysis.js';
import { toFileAccessError } from '../../io/errors.js';
import { makeFolder } from '../../io/session/make-folder.js';
import type { FramePacket } from '../../protocol/frame-packet.js';
import { applyProgress, progressOf, sameProgress } from '../../protocol/host-progress.js';
import { withHz } from '../../protocol/layout.js';
import {
  DEFAULT_UI_ENGINE_PARAMS,
  type AnalysisLayout,
  type HostEvent,
  type HostProgress,
  type HostState,
  type HostStats,
  type NoticeCode,
  type OfferedSource,
  type RecordingState,
  type ReplaySpeed,
  type UiEngineParams,
  type UiRequest,
} from '../../protocol/ui-messages.js';
import { serializeError } from '../../protocol/worker-messages.js';
import {
  checkEngineParams,
  sessionParams,
  workerConfig,
  type CheckedEngineParams,
  type HostAnalysisSettings,
} from './engine-params.js';
import { DisplayPacer } from './display-pacer.js';
import { FrameCoalescer } from './frame-coalescer.js';
import { InputFeed, type FeedView } from './input-feed.js';
import { InputMeter } from './input-meter.js';
import type { LiveCapture } from './live-capture.js';
import { RecordingTap } from './recording-tap.js';
import { ReplayControl } from './replay-control.js';
import { sessionEngine } from './session-engine.js';
import { newSessionFolder } from './session-folder.js';
import { EngineLoadMeter } from './engine-load.js';

export interface EngineHostOptions {
  readonly settings: HostAnalysisSettings;
  /** The engine parameters until a UI changes them; checked here. Default: the protocol's. */
  readonly engine?: UiEngineParams;
  /** Without it, start-live is refused. */
  readonly capture?: LiveCapture;
  /** Where start-recording creates session folders; without it, recording is refused. */
  readonly recordingsFolder?: string;
  /** Shortest ms between display packets, and between input views. Default 33 (≤ ~30/s). */
  readonly displayIntervalMs?: number;
  /** ms between 'stats' events, and 'progress' events while something moves. Default 500. */
  readonly statsIntervalMs?: number;
  /** Blocks waiting for the worker before the oldest is dropped (live) or the replay waits. */
  readonly queueBlocks?: number;
  readonly now?: () => Date;
  readonly workerUrl?: URL;
}

export type ReplyEvent = Extract<HostEvent, { type: 'reply' }>;

/** A request the host refuses: the reply's error, worded for the user. */
export class HostRequestError extends Error {
  override readonly name = 'HostRequestError';
}

type ActiveInput =
  | {
      readonly kind: 'live';
      readonly feed: InputFeed;
      readonly device: string;
      readonly hostApi?: string;
    }
  | {
      readonly kind: 'replay';
      readonly feed: InputFeed;
      readonly replay: ReplayControl;
      readonly source: OfferedSource;
    };

interface RunningAnalysis {
  /** Tells analyses apart (a new one starts while the old one runs). */
  readonly key: number;
  readonly live: LiveAnalysis;
  readonly view: FeedView;
  readonly layout: AnalysisLayout;
  /** Feed sample of the first frame's centre. */
  readonly gridStart: number;
  readonly engine: CheckedEngineParams;
  readonly subscriptions: Subscription[];
}

interface Offer {
  readonly offered: OfferedSource;
  readonly path: string;
}

export class EngineHost {
  /** Everything but frames, for every UI connected. */
  readonly events$ = new Subject<HostEvent>();
  /** Scattering frames for display: at most one packet per display tick (more after a gap). */
  readonly frames$ = new Subject<FramePacket>();

  private readonly settings: HostAnalysisSettings;
  private engine: CheckedEngineParams;
  private readonly capture: LiveCapture | undefined;
  private recordingsFolder: string | undefined;
  private readonly offers = new Map<string, Offer>();
  private mode: HostState['mode'] = 'idle';
  private input: ActiveInput | null = null;
  private analysis: RunningAnalysis | null = null;
  private recording: RecordingTap | null = null;
  /** The last recording's state once it ended (shown until the next one). */
  private lastRecording: RecordingState | null = null;
  private meter: InputMeter | null = null;
  private removeMeter: (() => void) | null = null;
  private readonly coalescer = new FrameCoalescer();
  private readonly load = new EngineLoadMeter();
  /** Counters of analyses that ended, so that stats keep counting across restarts. */
  private droppedBefore = 0;
  private gapsBefore = 0;
  private analysisCount = 0;
  /** What UIs were last told: the state's settled part (`settledKey`), its layout, progress. */
  private toldSettled = '';
  private toldLayout: AnalysisLayout | null = null;
  private toldProgress: HostProgress | null = null;
  private speed: ReplaySpeed = 1;
  private loop = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly display: DisplayPacer;
  private readonly statsTimer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: EngineHostOptions) {
    this.settings = options.settings;
    this.engine = checkEngineParams(options.engine ?? DEFAULT_UI_ENGINE_PARAMS);
    this.capture = options.capture;
    if (options.recordingsFolder !== undefined) this.setRecordingsFolder(options.recordingsFolder);
    this.display = new DisplayPacer(options.displayIntervalMs ?? 33, () => {
      this.sendDisplay();
    });
    this.statsTimer = setInterval(() => {
      this.statsTick();
    }, options.statsIntervalMs ?? 500);
    // The host alone does not keep a process alive; its input and transport do.
    this.statsTimer.unref();
  }

  get state(): HostState {
    const input = this.input;
    return {
      mode: this.mode,
      device: input?.kind === 'live' ? input.device : null,
      layout: this.analysis?.layout ?? null,
      engine: this.engine.ui,
      sources: [...this.offers.values()].map((offer) => offer.offered),
      canRecord: this.recordingsFolder !== undefined,
      canCapture: this.capture !== undefined,
      recording: this.recording?.state ?? this.lastRecording,
      replay:
        input?.kind === 'replay'
          ? { sourceId: input.source.id, label: input.source.label, ...input.replay.state }
          : null,
    };
  }

  // ---- Privileged: for the host's owner only, never reachable from a request. ----

  /**
   * Offers a file or session folder to UIs (by id, never by path); throws when it does not exist
   * or is not of the `kind` expected (a dialog's choice).
   */
  offerSource(path: string, kind?: OfferedSource['kind']): OfferedSource {
    const absolute = resolve(path);
    for (const offer of this.offers.values()) if (offer.path === absolute) return offer.offered;
    let isFolder: boolean;
    try {
      isFolder = statSync(absolute).isDirectory();
    } catch {
      throw new HostRequestError(`cannot offer ${path}: no such file or folder`);
    }
    const found = isFolder ? 'session' : 'file';
    if (kind !== undefined && kind !== found)
      throw new HostRequestError(
        `cannot offer ${path} as a ${kind}: it is a ${isFolder ? 'folder' : 'file'}`,
      );
    const offered: OfferedSource = {
      id: `source-${String(this.offers.size + 1)}`,
      label: basename(absolute),
      kind: found,
    };
    this.offers.set(offered.id, { offered, path: absolute });
    this.emitState();
    return offered;
  }

  /** Where new recordings go (created if missing). A recording in progress stays where it is. */
  setRecordingsFolder(dir: string): void {
    const absolute = resolve(dir);
    try {
      makeFolder(absolute);
    } catch (error) {
      throw toFileAccessError(error, 'create the recordings folder', absolute);
    }
    this.recordingsFolder = absolute;
    this.emitState();
  }

  /** Runs one request (after those before it); the reply says whether it was done, or why not. */
  handle(request: UiRequest): Promise<ReplyEvent> {
    const run = this.queue.then(() => this.run(request));
    this.queue = run.catch(() => undefined);
    return run.then(
      (): ReplyEvent => ({ type: 'reply', id: request.id, ok: true }),
      (error: unknown): ReplyEvent => {
        // Name and message only: a UI (maybe another machine's browser) has no use for the
        // host's stack and file paths.
        const { name, message } = serializeError(error);
        return { type: 'reply', id: request.id, ok: false, error: { name, message } };
      },
    );
  }

  /** Stops everything (a recording is finalised) and completes the streams. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.stopInput(false);
    this.display.close();
    clearInterval(this.statsTimer);
    this.events$.complete();
    this.frames$.complete();
  }

  private async run(request: UiRequest): Promise<void> {
    if (this.closed) throw new HostRequestError('the engine host is closed');
    switch (request.type) {
      case 'list-devices':
        this.emit({ type: 'devices', devices: this.requireCapture().listDevices() });
        return;
      case 'start-live':
        await this.startLive(request.device);
        return;
      case 'open-source':
        await this.openSource(request.sourceId);
        return;
      case 'stop':
        await this.stopInput(false);
        return;
      case 'set-engine':
        await this.setEngine(request.params);
        return;
      case 'pause':
        this.requireReplay().pause();
        this.emitState();
        return;
      case 'resume':
        this.requireReplay().resume();
        this.emitState();
        return;
      case 'seek':
        this.requireReplay().seek(request.seconds);
        this.emitState();
        return;
      case 'set-speed':
        this.speed = request.speed;
        if (this.input?.kind === 'replay') await this.input.replay.setSpeed(request.speed);
        this.emitState();
        return;
      case 'set-loop':
        this.loop = request.loop;
        if (this.input?.kind === 'replay') await this.input.replay.setLoop(request.loop);
        this.emitState();
        return;
      case 'start-recording':
        this.startRecording();
        return;
      case 'stop-recording':
        this.stopRecording();
        return;
    }
  }

  private requireCapture(): LiveCapture {
    if (this.capture === undefined)
      throw new HostRequestError(
        'this host cannot open input devices (it was started without live capture)',
      );
    return this.capture;
  }

  private requireReplay(): ReplayControl {
    if (this.input?.kind !== 'replay') throw new HostRequestError('no replay in progress');
    return this.input.replay;
  }

  private async startLive(device: string | number | null): Promise<void> {
    const capture = this.requireCapture();
    await this.stopInput(false);
    this.setMode('starting');
    try {
      const opened = capture.open(device);
      const feed = new InputFeed(opened.source);
      this.input = {
        kind: 'live',
        feed,
        device: opened.deviceName,
        ...(opened.hostApi === undefined ? {} : { hostApi: opened.hostApi }),
      };
      await this.startInput(opened.deviceName);
      this.setMode('live');
    } catch (error) {
      await this.stopInput(false);
      throw error;
    }
  }

  private async openSource(sourceId: string): Promise<void> {
    const offer = this.offers.get(sourceId);
    if (offer === undefined)
      throw new HostRequestError(`unknown source id ${JSON.stringify(sourceId)}`);
    await this.stopInput(false);
    this.setMode('starting');
    try {
      if (offer.offered.kind === 'session') this.adoptSessionEngine(offer.path);
      // Opened held: nothing plays until the analysis is ready for the file's first samples.
      const replay = await ReplayControl.open(offer.path, this.speed, this.loop);
      this.input = { kind: 'replay', feed: replay.feed, replay, source: offer.offered };
      await this.startInput(offer.offered.label);
      this.setMode('replay');
      replay.hold('start', false);
    } catch (error) {
      await this.stopInput(false);
      throw error;
    }
  }

  /**
   * A session replays with the parameters it was recorded with (the UI then shows them), so
   * that its frames are those it recorded; a session without them keeps the current ones.
   */
  private adoptSessionEngine(folder: string): void {
    const recorded = sessionEngine(folder);
    if (recorded === null) return;
    try {
      this.engine = checkEngineParams(recorded);
    } catch {
      // A session.json edited out of range: the current parameters stay.
    }
  }

  /** Meter, end watch and analysis for the input just set (`name`: for the user). */
  private async startInput(name: string): Promise<void> {
    const input = this.input;
    if (input === null) return;
    const { channel } = this.settings;
    if (channel !== 'mix' && channel >= input.feed.channelCount) {
      throw new HostRequestError(
        `channel ${String(channel)} does not exist: ${name} has ${String(input.feed.channelCount)} channel(s)`,
      );
    }
    const meter = new InputMeter(input.feed.sampleRate, this.settings.channel);
    this.meter = meter;
    this.removeMeter = input.feed.addTap((chunk) => {
      meter.add(chunk);
      this.display.request();
    });
    // A fault is said as soon as the input reports it; the input may take a moment to end.
    const faults = input.feed.status$.subscribe((status) => {
      if (this.input !== input) return;
      if (status.state === 'device-lost') {
        this.notice('error', 'device-lost', status.message ?? 'the input device was lost');
      } else if (status.state === 'error') {
        const code: NoticeCode = input.kind === 'live' ? 'device-error' : 'unreadable-source';
        this.notice('error', code, status.message ?? 'the input failed');
      }
    });
    void input.feed.ended.then(() => {
      faults.unsubscribe();
      this.onInputEnded(input);
    });
    await this.startAnalysis();
  }

  /** The input ended by itself (a file's end, a lost device): stop as `stop` would. */
  private onInputEnded(input: ActiveInput): void {
    if (this.input !== input) return;
    const stopping = this.queue.then(() =>
      this.input === input ? this.stopInput(true) : undefined,
    );
    this.queue = stopping.catch((error: unknown) => {
      this.notice('error', 'engine-error', errorMessage(error));
    });
  }

  /** Starts the analysis of the current input with the current engine, and shows it. */
  private async startAnalysis(): Promise<void> {
    const input = this.input;
    if (input === null) return;
    this.analysis = await this.launchAnalysis(input, this.engine);
    this.load.reset(this.analysis.live.status$.value);
    this.emitState();
  }

  /**
   * An analysis of `input` with `engine`. Its frames reach the display and a recording only
   * while it is the host's current analysis: a new one can start while the old one still runs.
   */
  private async launchAnalysis(
    input: ActiveInput,
    engine: CheckedEngineParams,
  ): Promise<RunningAnalysis> {
    const rate = input.feed.sampleRate;
    const key = ++this.analysisCount;
    let view: FeedView | undefined;
    let firstFrameCentre = 0;
    // A replay that has not yet delivered a sample starts at its file's first one (it opens
    // paused until the analysis is ready): its past is silence, so its first frames are exact
    // and shown from the file's start instead of once an unknown past has settled.
    const silentPast =
      input.kind === 'replay' &&
      input.feed.samplesDelivered === 0 &&
      input.replay.state.positionSeconds === 0;
    const live = await LiveAnalysis.start({
      // Opened once the worker is ready, so that no chunk goes by before the analysis takes it.
      source: (info) => {
        firstFrameCentre = info.firstFrameCentre;
        view = input.feed.openView();
        return view;
      },
      engine: { ...workerConfig(engine, this.settings), ...(silentPast ? { silentPast } : {}) },
      channel: this.settings.channel,
      queueBlocks: this.options.queueBlocks ?? 32,
      ...(input.kind === 'replay' ? { pausable: input.replay.backpressure(key) } : {}),
      ...(this.options.workerUrl === undefined ? {} : { workerUrl: this.options.workerUrl }),
    });
    if (view === undefined) throw new Error('the analysis did not open its input');
    const opened = view;
    const frameSeconds = live.hop / rate;
    const analysis: RunningAnalysis = {
      key,
      live,
      view: opened,
      engine,
      gridStart: opened.offset + firstFrameCentre,
      layout: {
        sampleRate: rate,
        hop: live.hop,
        latencySamples: live.latencySamples,
        paths: withHz(live.paths, rate),
        engine: engine.ui,
      },
      subscriptions: [],
    };
    analysis.subscriptions.push(
      live.frames$.subscribe((packet) => {
        if (this.analysis !== analysis) return;
        const firstCentre = opened.offset + packet.firstCentreSample;
        // A copy: the worker's buffers may be reused once this callback returns.
        const data = packet.data.slice(0, packet.rows * packet.count);
        this.recording?.offerFrames(data, packet.rows, packet.count, firstCentre);
        this.coalescer.add({
          rows: packet.rows,
          count: packet.count,
          firstFrameSeconds: firstCentre / rate,
          frameSeconds,
          data,
        });
        this.display.request();
      }),
      live.status$.subscribe((status) => {
        if (this.analysis !== analysis) return;
        this.load.update(status);
        if (status.worker.state === 'failed')
          this.notice('error', 'engine-error', status.worker.message ?? 'the DSP worker failed');
      }),
    );
    return analysis;
  }

  /** Stops the current analysis (`flush`: a file's end, its last frames emitted and shown). */
  private async stopAnalysis(flush: boolean): Promise<void> {
    const analysis = this.analysis;
    if (analysis === null) return;
    await analysis.live.stop(flush);
    this.analysis = null;
    this.retire(analysis);
    // The last frames go out now, before the end.
    this.display.runNow();
  }

  /** Releases an analysis that has stopped, keeping its counters for the stats. */
  private retire(analysis: RunningAnalysis): void {
    for (const subscription of analysis.subscriptions) subscription.unsubscribe();
    const status = analysis.live.status$.value;
    this.droppedBefore += status.droppedBlocks;
    this.gapsBefore += status.worker.lostSamples;
    // A replay it held back while catching up is not held by an analysis now gone.
    if (this.input?.kind === 'replay') this.input.replay.releaseBackpressure(analysis.key);
  }

  /** Ends the analysis, the recording and the input (a file's end: `flush` its last frames). */
  private async stopInput(flush: boolean): Promise<void> {
    const input = this.input;
    await this.stopAnalysis(flush);
    this.stopRecording(false);
    this.removeMeter?.();
    this.removeMeter = null;
    this.meter = null;
    this.input = null;
    if (input?.kind === 'replay') await input.replay.close();
    else await input?.feed.close();
    this.coalescer.clear();
    this.setMode('idle');
  }

  /**
   * New engine parameters. With an analysis running, the new one starts beside it and takes
   * over once its worker is ready (the input is never held for it, the display switches at
   * once); then the old one is stopped. If the new one cannot start, the old one goes on.
   */
  private async setEngine(params: UiEngineParams): Promise<void> {
    const engine = checkEngineParams(params);
    const input = this.input;
    const old = this.analysis;
    if (input === null || old === null) {
      this.engine = engine;
      this.emitState();
      return;
    }
    const next = await this.launchAnalysis(input, engine);
    this.engine = engine;
    // The old analysis's frames go out before the state that announces the new layout.
    this.display.runNow();
    this.analysis = next;
    this.load.reset(next.live.status$.value);
    const recording = this.recording;
    if (recording?.stopFrames() === true) {
      this.notice(
        'warning',
        'recording-failed',
        `the engine changed during the recording: ${recording.dir} goes on with the audio only (scattering.npy keeps the frames up to the change; replay the session to analyse all of it)`,
      );
    }
    this.emitState();
    await old.live.stop(false);
    this.retire(old);
  }

  private startRecording(): void {
    const folder = this.recordingsFolder;
    if (folder === undefined)
      throw new HostRequestError('this host has no recordings folder: recording is not available');
    const input = this.input;
    if (input === null)
      throw new HostRequestError('nothing to record: start the live input or open a source first');
    const current = this.recording;
    if (current?.state.active === true)
      throw new HostRequestError(`already recording into ${current.dir}`);
    this.stopRecording(false);
    const analysis = this.analysis;
    const dir = newSessionFolder(folder, this.options.now?.() ?? new Date());
    this.recording = new RecordingTap({
      dir,
      feed: input.feed,
      device:
        input.kind === 'live'
          ? {
              name: input.device,
              ...(input.hostApi === undefined ? {} : { hostApi: input.hostApi }),
            }
          : { file: input.source.label },
      analysis:
        analysis === null
          ? null
          : {
              paths: analysis.live.paths,
              hop: analysis.live.hop,
              gridStart: analysis.gridStart,
              engine: sessionParams(analysis.engine, this.settings),
              channel: this.settings.channel,
            },
      onFailure: (message) => {
        this.notice('error', 'recording-failed', `the recording stopped: ${message}`);
        this.emitState();
      },
    });
    this.lastRecording = null;
    this.emitState();
  }

  /** Finalises the recording, if any; `required`: refuse when there is none. */
  private stopRecording(required = true): void {
    const recording = this.recording;
    if (recording === null) {
      if (required) throw new HostRequestError('no recording in progress');
      return;
    }
    recording.close();
    this.lastRecording = recording.state;
    this.recording = null;
    this.emitState();
  }

  /** Sends the frames and the input view that gathered since the last time. */
  private sendDisplay(): void {
    for (const packet of this.coalescer.take()) this.frames$.next(packet);
    const view = this.meter?.takeView(this.input?.feed.sampleRate ?? 1);
    if (view !== null && view !== undefined) this.emit({ type: 'input', view });
  }

  private statsTick(): void {
    const analysis = this.analysis;
    if (analysis === null) return;
    const status = analysis.live.status$.value;
    const stats: HostStats = {
      engineLoad: this.load.take(analysis.layout.sampleRate),
      droppedBlocks: this.droppedBefore + status.droppedBlocks,
      gapSamples: this.gapsBefore + status.worker.lostSamples,
      overruns: status.source.overruns,
    };
    this.recording?.setAnalysisCounts({
      droppedAnalysisBlocks: stats.droppedBlocks,
      workerRestarts: status.worker.restarts,
    });
    this.emit({ type: 'stats', stats });
    this.progressTick();
  }

  /**
   * Position and recording size move on: a 'progress' event says where they are now, when they
   * moved. Every other change is announced by a 'state' where it happens; should one have
   * slipped by unannounced, the whole state goes instead, so that UIs never keep a stale one.
   */
  private progressTick(): void {
    const state = this.state;
    if (state.layout !== this.toldLayout || settledKey(state) !== this.toldSettled) {
      this.emit({ type: 'state', state });
      return;
    }
    const progress = progressOf(state);
    if (this.toldProgress === null || !sameProgress(progress, this.toldProgress))
      this.emit({ type: 'progress', progress });
  }

  private setMode(mode: HostState['mode']): void {
    this.mode = mode;
    this.emitState();
  }

  private emitState(): void {
    this.emit({ type: 'state', state: this.state });
  }

  private notice(level: 'error' | 'warning', code: NoticeCode, message: string): void {
    this.emit({ type: 'notice', level, code, message });
  }

  private emit(event: HostEvent): void {
    if (event.type === 'state') {
      this.toldSettled = settledKey(event.state);
      this.toldLayout = event.state.layout;
      this.toldProgress = progressOf(event.state);
    } else if (event.type === 'progress') {
      this.toldProgress = event.progress;
    }
    if (!this.events$.closed) this.events$.next(event);
  }
}

/** Progress that never moved: put into a state, it leaves only what does not move by itself. */
const NO_PROGRESS: HostProgress = {
  replay: { positionSeconds: 0 },
  recording: { seconds: 0, bytes: 0 },
};

/**
 * Everything in `state` but its progress and layout (compared by identity: a new analysis makes
 * a new one), as text to compare: under 1 kB, unlike the layout's ~90 kB.
 */
function settledKey(state: HostState): string {
  return JSON.stringify({ ...applyProgress(state, NO_PROGRESS), layout: null });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
