/**
 * Analysis layouts as the engine host announces them (rows and their frequencies in Hz), computed
 * by the engine's own filter bank, and frame packets to feed the page's history.
 */
import { scatteringLayout } from '../../src/dsp/index.js';
import { checkEngineParams } from '../../src/engine/host/engine-params.js';
import type { FramePacket } from '../../src/protocol/frame-packet.js';
import { withHz } from '../../src/protocol/layout.js';
import {
  DEFAULT_UI_ENGINE_PARAMS,
  type AnalysisLayout,
  type UiEngineParams,
} from '../../src/protocol/ui-messages.js';

export function analysisLayout(
  sampleRate: number,
  engine: Partial<UiEngineParams> = {},
): AnalysisLayout {
  const ui = { ...DEFAULT_UI_ENGINE_PARAMS, ...engine };
  // The host's own reading of the page's parameters.
  const { params } = checkEngineParams(ui);
  return {
    sampleRate,
    hop: params.hop,
    // Not read by the page's model; the host reports the worker's.
    latencySamples: params.T,
    paths: withHz(scatteringLayout(params).paths, sampleRate),
    engine: ui,
  };
}

/**
 * `count` consecutive frames of `rows` rows starting at frame `first`, each frame's values from
 * `value(frame, row)`, timed as the host times them (frame centres `frameSeconds` apart).
 */
export function framePacket(
  rows: number,
  frameSeconds: number,
  first: number,
  count: number,
  value: (frame: number, row: number) => number,
): FramePacket {
  const data = new Float32Array(rows * count);
  for (let f = 0; f < count; f++)
    for (let row = 0; row < rows; row++) data[f * rows + row] = value(first + f, row);
  return { rows, count, firstFrameSeconds: first * frameSeconds, frameSeconds, data };
}
