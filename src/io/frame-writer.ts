/**
 * Writers of scattering frames to files: each receives frames in order, one value per row, and
 * lays them out in its format.
 */
export interface FrameWriter {
  /** Frame `index` (0, 1, 2, ... in order): one value per row. The array may be reused by the caller. */
  writeFrame(frame: Float32Array | Float64Array, index: number): void;
  /** Writes what is buffered; checks that every frame arrived. */
  finish(): void;
}

export function checkFrameOrder(index: number, expected: number, frames: number): void {
  if (index !== expected) {
    throw new Error(`frame ${String(index)} arrived when frame ${String(expected)} was expected`);
  }
  if (index >= frames)
    throw new Error(`frame ${String(index)} is beyond the ${String(frames)} announced`);
}
