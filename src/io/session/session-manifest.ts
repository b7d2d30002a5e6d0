/**
 * session.json: what a recording session folder holds, written atomically (a temporary file
 * renamed over the old one) so that a reader or a crash never sees half of it.
 */
import { AtomicOutputFile } from '../atomic-output.js';
import type { Precision, ScatteringParams } from '../../dsp/index.js';
import type { ScatteringFileMeta } from '../../protocol/scattering-file.js';

export const SESSION_SCHEMA = 'scatterscope-session';
export const SESSION_VERSION = 1;

/** The files of a session folder. */
export const SESSION_FILES = {
  manifest: 'session.json',
  audio: 'audio.wav',
  scattering: 'scattering.npy',
  scatteringSidecar: 'scattering.json',
} as const;

export type SessionStatus = 'recording' | 'complete' | 'stopped-on-error' | 'repaired';

export type SessionDevice =
  { readonly name: string; readonly hostApi?: string } | { readonly file: string };

export type SessionEngineParams = ScatteringFileMeta['params'];

/** The engine's normalised parameters as a session records them. */
export function sessionEngineParamsOf(
  params: ScatteringParams,
  precision: Precision,
): SessionEngineParams {
  return {
    J: params.J,
    Q: params.Q,
    T: params.T,
    maxOrder: params.maxOrder,
    oversampling: params.oversampling,
    precision,
  };
}

export interface SessionCounts {
  /** Sample frames per channel in audio.wav. */
  readonly samples: number;
  /** Scattering frames in scattering.npy. */
  readonly frames: number;
  /** Blocks the analysis path dropped under load (the audio path never drops). */
  readonly droppedAnalysisBlocks: number;
  readonly workerRestarts: number;
  /** Sample frames and scattering frames offered after the recorder stopped, not written. */
  readonly samplesNotRecorded: number;
  readonly framesNotRecorded: number;
}

export interface SessionManifest {
  readonly schema: typeof SESSION_SCHEMA;
  readonly version: typeof SESSION_VERSION;
  readonly status: SessionStatus;
  /** ISO 8601 times; endedAt is null while recording (and when a crash left it unknown). */
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly device: SessionDevice;
  /** Hz. */
  readonly sampleRate: number;
  readonly channels: number;
  readonly engine: SessionEngineParams | null;
  readonly counts: SessionCounts;
  /** samples / sampleRate. */
  readonly durationSeconds: number;
  /** One line: why the recording stopped early. */
  readonly error?: string;
}

/** Writes `manifest` to `path` atomically; throws the file-system error when it cannot. */
export function writeSessionManifest(path: string, manifest: SessionManifest): void {
  writeJsonAtomically(path, manifest);
}

/** Any JSON value, pretty-printed, atomically. */
export function writeJsonAtomically(path: string, value: unknown): void {
  const file = new AtomicOutputFile(path);
  try {
    file.append(new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`));
    file.commit();
  } catch (error) {
    file.discard();
    throw error;
  }
}
