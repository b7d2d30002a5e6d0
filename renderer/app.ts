/**
 * The page: connects to the engine host, keeps the latest host state (the last `state` event
 * with each `progress` since applied), feeds frames into the displayed history as they arrive,
 * and redraws the panels once per animation frame (display is pulled, latest wins; frames
 * between two animation frames are all kept in the history).
 */
import type { DesktopBridge } from '../src/protocol/desktop-bridge.js';
import type { FramePacket } from '../src/protocol/frame-packet.js';
import { applyProgress } from '../src/protocol/host-progress.js';
import type { HostProgress, HostState, UiEngineParams } from '../src/protocol/ui-messages.js';
import { EngineClient, type HostNews, type UiRequestBody } from './client/engine-client.js';
import { DisplayControls } from './controls/display-controls.js';
import { byTestId } from './controls/dom.js';
import { EngineForm } from './controls/engine-form.js';
import { NoticeList } from './controls/notices.js';
import { RecordControls } from './controls/record-controls.js';
import { ReplayControls } from './controls/replay-controls.js';
import { bindShortcuts } from './controls/shortcuts.js';
import { SourceControls } from './controls/source-controls.js';
import { FrameTiming } from './display/frame-timing.js';
import { exposeTestHook } from './display/test-hook.js';
import { bindExportButtons } from './export/export-buttons.js';
import { AnalysisView, sameLayout } from './model/analysis-view.js';
import { colourTable } from './model/colour-maps.js';
import { loadSettings, saveSettings, type DisplaySettings } from './model/display-settings.js';
import { InputPanel } from './panels/input-panel.js';
import type { HeatmapColours } from './panels/heatmap-ring.js';
import { ScalogramPanel } from './panels/scalogram-panel.js';
import { SecondOrderPanel } from './panels/second-order-panel.js';
import { StatusBar } from './panels/status-bar.js';
import { connectEngine } from './transport/connect.js';

/** How often the default λ1 (the most energetic band) is re-chosen, and over what span. */
const AUTO_BAND_EVERY_MS = 1000;
const AUTO_BAND_SECONDS = 2;

export class App {
  private settings: DisplaySettings;
  private readonly client: EngineClient;
  private readonly notices = new NoticeList(byTestId('notices', HTMLDivElement));
  private readonly status: StatusBar;
  private readonly input: InputPanel;
  private readonly scalogram: ScalogramPanel;
  private readonly secondOrder: SecondOrderPanel;
  private readonly engineForm: EngineForm;
  private readonly sources: SourceControls;
  private readonly replay: ReplayControls;
  private readonly record: RecordControls;
  private readonly display: DisplayControls;
  private readonly timing = new FrameTiming();

  private state: HostState | null = null;
  private view: AnalysisView | null = null;
  private frozen = false;
  /** The band clicked in the scalogram; null: follow the most energetic. */
  private picked: number | null = null;
  private lastAutoBand = -Infinity;
  /** Frames arrived (or the look changed) since the panels were last drawn. */
  private dirty = false;
  private engineApplied = false;

  constructor(
    private readonly bridge: DesktopBridge | null,
    private readonly storage: Storage,
  ) {
    this.settings = loadSettings(storage);
    document.body.classList.toggle('desktop', bridge !== null);
    this.client = new EngineClient({
      onNews: (event) => this.onNews(event),
      onFrames: (packet) => this.onFrames(packet),
    });
    this.status = new StatusBar();
    this.input = new InputPanel(
      byTestId('waveform', HTMLDivElement),
      byTestId('input-readout', HTMLElement),
      {
        peakBar: byTestId('meter-peak', HTMLDivElement),
        rmsBar: byTestId('meter-rms', HTMLDivElement),
        holdLine: byTestId('meter-hold', HTMLDivElement),
        clipLight: byTestId('clip-light', HTMLElement),
        readout: byTestId('level-readout', HTMLElement),
      },
    );
    this.scalogram = new ScalogramPanel(
      byTestId('scalogram', HTMLDivElement),
      byTestId('scalogram-readout', HTMLElement),
      this.firstOrderColours(),
      (band) => this.pickBand(band),
    );
    this.secondOrder = new SecondOrderPanel(
      {
        heatmap: byTestId('second-order', HTMLDivElement),
        heatmapReadout: byTestId('second-order-readout', HTMLDivElement),
        matrix: byTestId('modulation-matrix', HTMLDivElement),
        matrixReadout: byTestId('matrix-readout', HTMLDivElement),
        title: byTestId('second-order-band', HTMLElement),
      },
      this.secondOrderColours(),
    );
    this.secondOrder.setNormalised(this.settings.normalised);
    const request = (body: UiRequestBody): Promise<void> => this.request(body);
    this.engineForm = new EngineForm((params) => this.applyEngine(params));
    this.engineForm.show(this.settings.engine);
    this.sources = new SourceControls(request, bridge, this.settings.device, (device) =>
      this.saveSettings({ device }),
    );
    this.replay = new ReplayControls(request, this.settings, (choice) => this.saveSettings(choice));
    this.record = new RecordControls(request, bridge);
    this.display = new DisplayControls(
      this.settings,
      (choice) => {
        this.saveSettings(choice);
        this.scalogram.setColours(this.firstOrderColours());
        this.secondOrder.setColours(this.secondOrderColours());
        this.secondOrder.setNormalised(choice.normalised);
        this.dirty = true;
      },
      (frozen) => {
        this.frozen = frozen;
        this.dirty = true;
      },
    );
    const pause = (): void => {
      if (this.replay.isReplaying) this.replay.togglePause();
      else this.display.toggleFreeze();
    };
    bindShortcuts({ pause, record: () => this.record.toggle(), open: () => this.sources.open() });
    // The desktop app's menu gives the same commands as the keys.
    bridge?.onMenuCommand((command) => {
      if (command === 'open-file') this.sources.openDialog('file');
      else if (command === 'open-session') this.sources.openDialog('session');
      else if (command === 'toggle-recording') this.record.toggle();
      else pause();
    });
    bindExportButtons({
      bridge,
      view: () => this.view,
      canvases: () => [this.input.canvas, this.scalogram.canvas, ...this.secondOrder.canvases],
      onError: (message) => this.notices.show('error', message),
    });
    this.exposeForTests();
  }

  start(): void {
    this.client.attach(
      connectEngine(this.bridge, {
        onEvent: (event) => this.client.handleEvent(event),
        onFrames: (packet) => this.client.handleFrames(packet),
        onLink: (open, reason) => {
          this.status.showLink(open);
          if (open) this.notices.dismissCode('link');
          else this.notices.show('warning', reason, 'link');
        },
      }),
    );
    const frame = (now: number): void => {
      this.draw(now);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  private request(body: UiRequestBody): Promise<void> {
    const sent = this.client.request(body);
    sent.catch((error: unknown) => {
      this.notices.show(
        'error',
        `${body.type}: ${error instanceof Error ? error.message : String(error)}`,
        'bad-request',
      );
    });
    return sent;
  }

  private saveSettings(change: Partial<DisplaySettings>): void {
    this.settings = { ...this.settings, ...change };
    saveSettings(this.storage, this.settings);
  }

  private firstOrderColours(): HeatmapColours {
    const { colourMap, floorDb, ceilingDb } = this.settings;
    return { table: colourTable(colourMap), floorDb, ceilingDb };
  }

  private secondOrderColours(): HeatmapColours {
    const { colourMap, s2FloorDb, s2CeilingDb } = this.settings;
    return { table: colourTable(colourMap), floorDb: s2FloorDb, ceilingDb: s2CeilingDb };
  }

  /** Sends the parameters; kept for the next run once the host has accepted them. */
  private applyEngine(params: UiEngineParams): void {
    this.request({ type: 'set-engine', params }).then(
      () => this.saveSettings({ engine: params, engineChosen: true }),
      () => undefined, // shown as a notice by `request`
    );
  }

  private onNews(event: HostNews): void {
    switch (event.type) {
      case 'state':
        this.onState(event.state);
        break;
      case 'progress':
        this.onProgress(event.progress);
        break;
      case 'devices':
        this.sources.showDevices(event.devices);
        break;
      case 'stats':
        this.status.showStats(event.stats);
        break;
      case 'input':
        this.input.offer(event.view);
        break;
      case 'notice':
        this.notices.show(event.level, event.message, event.code);
        break;
    }
  }

  private onState(state: HostState): void {
    const previous = this.state;
    this.state = state;
    if (previous === null) {
      if (state.canCapture) void this.request({ type: 'list-devices' });
      // Engine parameters the user chose in an earlier run are applied once, on connecting.
      if (!this.engineApplied && this.settings.engineChosen) {
        this.engineApplied = true;
        void this.request({ type: 'set-engine', params: this.settings.engine });
      }
    }
    if (previous?.mode !== 'replay' && state.mode === 'replay') this.replay.applyChoices();
    this.status.showState(state);
    this.sources.showState(state);
    this.replay.showState(state);
    this.record.showState(state);
    this.engineForm.show(state.layout?.engine ?? state.engine);
    // A new analysis starts a fresh display; when one ends (no layout), its display stays.
    const started = state.layout !== null && previous?.layout === null;
    if (
      state.layout !== null &&
      (started || !sameLayout(this.view?.layout ?? null, state.layout))
    ) {
      this.view = new AnalysisView(state.layout);
      this.picked = null;
      this.lastAutoBand = -Infinity;
      this.scalogram.setView(this.view);
      this.secondOrder.setView(this.view);
      this.dirty = true;
    }
  }

  /** The replay's position and the recording's size moved: only what shows them is updated. */
  private onProgress(progress: HostProgress): void {
    if (this.state === null) return;
    this.state = applyProgress(this.state, progress);
    this.status.showState(this.state);
    this.replay.showState(this.state);
  }

  private onFrames(packet: FramePacket): void {
    if (this.frozen || this.view === null) return;
    if (this.view.history.push(packet)) this.dirty = true;
  }

  private pickBand(band: number): void {
    this.picked = band;
    this.secondOrder.setBand(band, true);
    this.scalogram.setPicked(band);
    this.dirty = true;
  }

  private draw(now: number): void {
    const started = performance.now();
    const view = this.view;
    if (view !== null && this.picked === null && now - this.lastAutoBand > AUTO_BAND_EVERY_MS) {
      this.lastAutoBand = now;
      if (view.history.written > 0) {
        const columns = Math.ceil(AUTO_BAND_SECONDS / view.history.columnSeconds);
        const band = view.loudestBand(columns);
        this.secondOrder.setBand(band, false);
        this.scalogram.setPicked(band);
        this.dirty = true;
      }
    }
    if (this.dirty) {
      this.dirty = false;
      this.scalogram.render();
      this.secondOrder.render();
    }
    this.input.render(now);
    // uPlot redraws in a microtask queued by setData: measure after it.
    queueMicrotask(() => this.timing.record(now, performance.now() - started));
  }

  private exposeForTests(): void {
    exposeTestHook({
      state: () => this.state,
      scalogram: () => this.scalogram.displayed(),
      secondOrder: () => this.secondOrder.displayed(),
      matrix: () => this.secondOrder.matrix.displayed(),
      scalogramPoint: (hz) => this.scalogram.viewportPoint(hz),
      frameTiming: () => this.timing.snapshot(),
      resetFrameTiming: () => this.timing.reset(),
      frozen: () => this.frozen,
    });
  }
}
