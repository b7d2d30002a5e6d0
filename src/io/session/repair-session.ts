/**
 * Completes a session folder that a crash (or a stop on error) left behind: the sizes in
 * audio.wav's header and the shape in scattering.npy's header are recomputed from the lengths
 * of the files (whole sample frames and whole scattering frames only: a partial one at the end
 * is cut off), and session.json (and scattering.json) are rewritten with the counts found.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FileFormatError, toFileAccessError } from '../errors.js';
import {
  SESSION_FILES,
  SESSION_SCHEMA,
  SESSION_VERSION,
  writeJsonAtomically,
  type SessionManifest,
} from './session-manifest.js';
import type { SessionScatteringSidecar } from './session-sidecar.js';
import { withSessionCounts } from './session-sidecar.js';
import { repairNpyShape, repairWavSizes } from './repair-headers.js';

export interface SessionRepairReport {
  readonly dir: string;
  /** What was changed, one short phrase each; empty when the session was already whole. */
  readonly fixes: readonly string[];
  readonly status: SessionManifest['status'];
  readonly sampleRate: number;
  readonly samples: number;
  readonly frames: number;
  readonly durationSeconds: number;
}

/**
 * Repairs the session in `dir`. Throws FileFormatError when `dir` is not a session folder or
 * its audio cannot be made sense of, FileAccessError when it cannot be read or written.
 */
export function repairSession(dir: string): SessionRepairReport {
  checkIsFolder(dir);
  const path = (file: keyof typeof SESSION_FILES): string => join(dir, SESSION_FILES[file]);
  if (!existsSync(path('audio'))) {
    throw new FileFormatError(
      existsSync(path('manifest'))
        ? `${dir} is a session without its ${SESSION_FILES.audio}: nothing to repair`
        : `${dir} is not a recording session (no ${SESSION_FILES.audio} or ${SESSION_FILES.manifest})`,
    );
  }
  // The last write to the audio, before the repair touches it: when the recording ended.
  const endedAt = new Date(statSync(path('audio')).mtimeMs);
  const fixes: string[] = [];
  const audio = repairWavSizes(path('audio'));
  fixes.push(...audio.fixes);
  const scattering = existsSync(path('scattering'))
    ? repairNpyShape(path('scattering'))
    : undefined;
  if (scattering !== undefined) fixes.push(...scattering.fixes);
  const samples = audio.frames;
  const frames = scattering?.frames ?? 0;

  const sidecar = readJson(path('scatteringSidecar')) as SessionScatteringSidecar | undefined;
  if (
    sidecar?.format === 'scatterscope-scattering' &&
    (sidecar.frameCount !== frames || sidecar.input.samples !== samples)
  ) {
    writeJsonAtomically(path('scatteringSidecar'), withSessionCounts(sidecar, samples, frames));
    fixes.push(`${SESSION_FILES.scatteringSidecar} counts`);
  }

  const previous = readManifest(path('manifest'));
  if (previous === undefined) fixes.push(`${SESSION_FILES.manifest} created`);
  const whole =
    previous !== undefined &&
    previous.status !== 'recording' &&
    previous.counts.samples === samples &&
    previous.counts.frames === frames;
  const sampleRate = audio.sampleRate;
  const durationSeconds = samples / sampleRate;
  const base =
    previous ?? minimalManifest(sidecar, audio.channels, sampleRate, endedAt, durationSeconds);
  const manifest: SessionManifest = {
    ...base,
    status: fixes.length === 0 && whole ? base.status : 'repaired',
    endedAt: base.endedAt ?? endedAt.toISOString(),
    sampleRate,
    channels: audio.channels,
    counts: { ...base.counts, samples, frames },
    durationSeconds,
  };
  if (manifest.status !== base.status && previous !== undefined) {
    fixes.push(`${SESSION_FILES.manifest} status ${previous.status} → repaired`);
  }
  if (JSON.stringify(manifest) !== JSON.stringify(previous)) {
    writeJsonAtomically(path('manifest'), manifest);
  }
  return {
    dir,
    fixes,
    status: manifest.status,
    sampleRate,
    samples,
    frames,
    durationSeconds,
  };
}

function checkIsFolder(dir: string): void {
  let isFolder: boolean;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch (error) {
    throw toFileAccessError(error, 'read', dir);
  }
  if (!isFolder) throw new FileFormatError(`${dir} is not a recording session (not a folder)`);
}

/** A JSON file's value; undefined when absent or unreadable as JSON. */
function readJson(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function readManifest(path: string): SessionManifest | undefined {
  const value = readJson(path) as Partial<SessionManifest> | undefined;
  if (value?.schema !== SESSION_SCHEMA) return undefined;
  return value as SessionManifest;
}

/** What can be known of a session whose session.json is lost: the files and their times. */
function minimalManifest(
  sidecar: SessionScatteringSidecar | undefined,
  channels: number,
  sampleRate: number,
  endedAt: Date,
  durationSeconds: number,
): SessionManifest {
  return {
    schema: SESSION_SCHEMA,
    version: SESSION_VERSION,
    status: 'repaired',
    // The last write less the audio's length: the start, if the recording ran without a gap.
    startedAt: new Date(endedAt.getTime() - 1000 * durationSeconds).toISOString(),
    endedAt: endedAt.toISOString(),
    device: { name: 'unknown' },
    sampleRate,
    channels,
    engine: sidecar?.format === 'scatterscope-scattering' ? sidecar.params : null,
    counts: {
      samples: 0,
      frames: 0,
      droppedAnalysisBlocks: 0,
      workerRestarts: 0,
      samplesNotRecorded: 0,
      framesNotRecorded: 0,
    },
    durationSeconds,
  };
}
