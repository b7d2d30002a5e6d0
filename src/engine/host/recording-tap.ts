/**
 * A recording of the input a host is analysing: every sample from the moment it starts (a tap on
 * the feed, before the analysis), and the frames of the analysis running then, on that
 * analysis's frame grid.
 *
 * Frame times. The analysis centres its frames on feed samples `gridStart + k·hop`; the
 * recording starts at feed sample `start`, so its first frame is the first grid point at or
 * after `start`, and `firstCentre` (in the session's own samples) is that point minus `start`.
 * When the engine changes during the recording, the new analysis has other rows and another
 * grid: the frames stop there (scattering.npy keeps those of the first engine) and the audio
 * goes on; a replay of the session analyses all of it.
 */
import type { PathMeta } from '../../protocol/layout.js';
import type { SessionDevice, SessionEngineParams } from '../../io/session/session-manifest.js';
import { SessionRecorder, type RecorderStatus } from '../../io/session/session-recorder.js';
import type { ChannelChoice } from '../../pipeline/mix-down.js';
import type { RecordingState } from '../../protocol/ui-messages.js';
import type { InputFeed } from './input-feed.js';

/** The analysis running when a recording starts. */
export interface RecordedAnalysis {
  readonly paths: readonly PathMeta[];
  readonly hop: number;
  /** Feed sample on which the analysis's first frame is centred. */
  readonly gridStart: number;
  readonly engine: SessionEngineParams;
  readonly channel: ChannelChoice;
}

export interface RecordingTapOptions {
  readonly dir: string;
  readonly feed: InputFeed;
  readonly device: SessionDevice;
  /** null: audio only (no analysis is running). */
  readonly analysis: RecordedAnalysis | null;
  /** The recorder stopped on an error (called once). */
  readonly onFailure: (message: string) => void;
}

/** Bytes of a WAV header with WAVE_FORMAT_EXTENSIBLE, an upper bound on the recorder's. */
const WAV_HEADER_BYTES = 80;

export class RecordingTap {
  readonly dir: string;
  private readonly recorder: SessionRecorder;
  private readonly removeTap: () => void;
  private readonly sampleRate: number;
  private readonly channels: number;
  private readonly rows: number;
  /** Feed sample of the first recorded frame's centre, and of the next frame expected. */
  private nextCentre: number;
  private readonly hop: number;
  private takingFrames: boolean;
  private active = true;

  /** Creates the session folder and its files; throws (a FileAccessError) when it cannot. */
  constructor(options: RecordingTapOptions) {
    const { feed, analysis } = options;
    const start = feed.samplesDelivered;
    this.dir = options.dir;
    this.sampleRate = feed.sampleRate;
    this.channels = feed.channelCount;
    this.hop = analysis?.hop ?? 1;
    this.rows = analysis?.paths.length ?? 0;
    this.nextCentre =
      analysis === null
        ? start
        : analysis.gridStart +
          Math.max(0, Math.ceil((start - analysis.gridStart) / analysis.hop)) * analysis.hop;
    this.takingFrames = analysis !== null;
    let failed = false;
    this.recorder = new SessionRecorder({
      dir: options.dir,
      sampleRate: feed.sampleRate,
      channels: feed.channelCount,
      device: options.device,
      ...(analysis === null
        ? {}
        : {
            engine: analysis.engine,
            scattering: {
              paths: analysis.paths,
              hop: analysis.hop,
              firstCentre: this.nextCentre - start,
              channel: analysis.channel,
            },
          }),
      onStatus: (status: RecorderStatus) => {
        if (status.state === 'stopped-on-error' && !failed) {
          failed = true;
          options.onFailure(status.message ?? 'the recording stopped on a write error');
        }
      },
    });
    this.removeTap = feed.addTap((chunk) => {
      this.recorder.appendAudio(chunk);
    });
  }

  /**
   * Frames of the analysis that was running when the recording started: `data` is [count, rows],
   * frame k centred on feed sample `firstCentre + k·hop`. Frames before the recording's first
   * are skipped.
   */
  offerFrames(data: Float32Array, rows: number, count: number, firstCentre: number): void {
    if (!this.takingFrames || !this.active || rows !== this.rows) return;
    for (let k = 0; k < count; k++) {
      const centre = firstCentre + k * this.hop;
      if (centre < this.nextCentre) continue;
      this.recorder.appendFrame(data.subarray(k * rows, (k + 1) * rows));
      this.nextCentre = centre + this.hop;
    }
  }

  /** The analysis changed: no more frames (the audio goes on). Returns whether any were wanted. */
  stopFrames(): boolean {
    const was = this.takingFrames;
    this.takingFrames = false;
    return was && this.active;
  }

  setAnalysisCounts(counts: { droppedAnalysisBlocks: number; workerRestarts: number }): void {
    this.recorder.setAnalysisCounts(counts);
  }

  /** Finalises the files (idempotent); the recorder's last status. */
  close(): RecorderStatus {
    if (this.active) {
      this.active = false;
      this.removeTap();
    }
    return this.recorder.close();
  }

  get state(): RecordingState {
    const status = this.recorder.status;
    return {
      folder: this.dir,
      seconds: status.samples / this.sampleRate,
      bytes: WAV_HEADER_BYTES + status.samples * this.channels * 4 + status.frames * this.rows * 4,
      error: status.state === 'stopped-on-error' ? (status.message ?? 'write failed') : null,
      active: this.active && status.state === 'recording',
    };
  }
}
