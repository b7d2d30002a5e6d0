/** The scattering engine's public surface. */
export type {
  BatchResult,
  FrameSink,
  PathMeta,
  Sample,
  ScatteringEngine,
  ScatteringLayout,
  ScatteringStream,
  StreamOptions,
} from './engine-types.js';
export { createScatteringEngine, useNativePffft } from './engine.js';
export type { NativePffft } from './fft/pffft-backend.js';
export type { BlockPolicy } from './graph-template.js';
export { kymatioFrameGrid, type FrameGrid } from './kymatio-grid.js';
export { scatteringLayout } from './layout.js';
export {
  MAX_J,
  MAX_Q,
  normalizeParams,
  paramsKey,
  ScatteringParamError,
  type Precision,
  type ScatteringOptions,
  type ScatteringParams,
} from './params.js';
