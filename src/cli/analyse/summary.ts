/**
 * The one line `analyse` prints when it succeeds.
 */
import type { AnalyseRequest } from './analyse-options.js';

/**
 * `wrote out.npy and out.json: 187 rows × 1250 frames (float32) from 10.00 s of audio in 0.52 s (19.2× real time)`
 */
export function formatSummary(
  request: AnalyseRequest,
  rows: number,
  frames: number,
  audioFrames: number,
  sampleRate: number | null,
  wallSeconds: number,
): string {
  const shape = `${String(rows)} rows × ${String(frames)} frames (${request.precision})`;
  const timing = `in ${wallSeconds.toFixed(2)} s`;
  const audio =
    sampleRate === null
      ? `from ${String(audioFrames)} samples (sample rate unknown) ${timing}`
      : `from ${(audioFrames / sampleRate).toFixed(2)} s of audio ${timing} (${realTimeFactor(audioFrames / sampleRate, wallSeconds)} real time)`;
  return `wrote ${request.out} and ${request.sidecar}: ${shape} ${audio}`;
}

function realTimeFactor(audioSeconds: number, wallSeconds: number): string {
  if (wallSeconds <= 0) return '∞×';
  const factor = audioSeconds / wallSeconds;
  return `${factor >= 100 ? factor.toFixed(0) : factor.toPrecision(3)}×`;
}
