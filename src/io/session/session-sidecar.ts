/**
 * scattering.json of a session: the project's scattering file format (shared with `analyse`)
 * for data stored frame by frame, shape [frames, rows].
 */
import type { PathMeta } from '../../protocol/layout.js';
import { scatteringFileMeta, type ScatteringFileMeta } from '../../protocol/scattering-file.js';
import { SESSION_FILES, type SessionEngineParams } from './session-manifest.js';

/** Where the recording's frames come from: the engine's layout and frame grid. */
export interface SessionScatteringLayout {
  /** One entry per row, in row order. */
  readonly paths: readonly PathMeta[];
  /** Input samples between frames. */
  readonly hop: number;
  /** Input sample on which frame 0 is centred. */
  readonly firstCentre: number;
  /** Which channel was analysed: a 0-based index, or "mix" (the mean of all channels). */
  readonly channel: number | 'mix';
}

export type SessionScatteringSidecar = ScatteringFileMeta & {
  readonly data: { readonly path: string; readonly format: 'npy' };
  /** Frames in the data (= shape[0]). */
  readonly frameCount: number;
  readonly note: string;
};

const FRAME_MAJOR_NOTE =
  'scattering.npy is [frames, rows] (frame-major, appended as frames arrive): the transpose of the [rows, frames] that `scatterscope analyse` writes.';

export function sessionScatteringSidecar(args: {
  layout: SessionScatteringLayout;
  engine: SessionEngineParams;
  sampleRate: number;
  channels: number;
  samples: number;
  frames: number;
}): SessionScatteringSidecar {
  const { layout, sampleRate, channels, samples, frames } = args;
  const meta = scatteringFileMeta({
    input: {
      path: SESSION_FILES.audio,
      description: `WAV, 32-bit float, ${String(channels)} channel${channels === 1 ? '' : 's'}, ${String(sampleRate)} Hz (recording)`,
      sampleRate,
      channels,
      channel: layout.channel,
      samples,
      durationSeconds: samples / sampleRate,
    },
    params: args.engine,
    rows: layout.paths.length,
    frames,
    hop: layout.hop,
    firstCentre: layout.firstCentre,
    paths: layout.paths,
    frameMajor: true,
  });
  return {
    ...meta,
    data: { path: SESSION_FILES.scattering, format: 'npy' },
    frameCount: frames,
    note: FRAME_MAJOR_NOTE,
  };
}

/** An existing sidecar with its counts replaced (what repair finds in the files). */
export function withSessionCounts(
  sidecar: SessionScatteringSidecar,
  samples: number,
  frames: number,
): SessionScatteringSidecar {
  const rate = sidecar.input.sampleRate;
  return {
    ...sidecar,
    input: {
      ...sidecar.input,
      samples,
      durationSeconds: rate === null ? null : samples / rate,
    },
    shape: [frames, sidecar.shape[1]],
    frameCount: frames,
  };
}
