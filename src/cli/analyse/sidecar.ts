/**
 * The JSON file written next to every analysis (OUT.json): the project's scattering file format
 * (src/protocol/scattering-file.ts) plus what only this command knows: where the data is, and
 * how Kymatio padded the signal.
 */
import { basename } from 'node:path';
import type { FrameGrid, ScatteringLayout } from '../../dsp/index.js';
import { describeEncoding } from '../../io/sample-encoding.js';
import type { SignalInfo } from '../../io/signal-reader.js';
import { scatteringFileMeta, type ScatteringFileMeta } from '../../protocol/scattering-file.js';
import type { AnalyseRequest } from './analyse-options.js';

export type AnalysisSidecar = ScatteringFileMeta & {
  readonly data: {
    /** The data file's name, in the same folder as the sidecar. */
    readonly path: string;
    readonly format: 'npy' | 'csv';
  };
  /** Frames in the data (= shape[1]). */
  readonly frameCount: number;
  readonly kymatioPadding: {
    readonly paddedLength: number;
    readonly padLeft: number;
    readonly padRight: number;
    /**
     * False when Kymatio caps its padding (signals under about 3·T): its circular convolution
     * then wraps around, and the first and last frames here may differ from Kymatio's.
     */
    readonly edgeFramesExact: boolean;
  };
};

/** `WAV, 16-bit signed PCM, 2 channels, 44100 Hz` or `.npy, 64-bit float, 1 channel, sample rate unknown` */
export function describeInput(info: SignalInfo): string {
  const channels = `${String(info.channels)} channel${info.channels === 1 ? '' : 's'}`;
  const rate = info.sampleRate === null ? 'sample rate unknown' : `${String(info.sampleRate)} Hz`;
  const container = info.container === 'wav' ? 'WAV' : '.npy';
  return `${container}, ${describeEncoding(info.encoding)}, ${channels}, ${rate}`;
}

export function buildSidecar(
  request: AnalyseRequest,
  input: SignalInfo,
  grid: FrameGrid,
  layout: ScatteringLayout,
): AnalysisSidecar {
  const { params } = layout;
  const { sampleRate } = input;
  const meta = scatteringFileMeta({
    input: {
      path: request.input,
      description: describeInput(input),
      sampleRate,
      channels: input.channels,
      // A mono file's mix is its only channel.
      channel: input.channels === 1 && request.channel === 'mix' ? 0 : request.channel,
      samples: input.frames,
      durationSeconds: sampleRate === null ? null : input.frames / sampleRate,
    },
    params: {
      J: params.J,
      Q: params.Q,
      T: params.T,
      maxOrder: params.maxOrder,
      oversampling: params.oversampling,
      precision: request.precision,
    },
    rows: layout.paths.length,
    frames: grid.frames,
    hop: grid.hop,
    firstCentre: grid.firstCentre,
    paths: layout.paths,
  });
  return {
    ...meta,
    data: { path: basename(request.out), format: request.format },
    frameCount: grid.frames,
    kymatioPadding: {
      paddedLength: grid.paddedLength,
      padLeft: grid.padLeft,
      padRight: grid.padRight,
      edgeFramesExact: grid.paddingUncapped,
    },
  };
}
