/**
 * Records a session folder that survives a crash:
 *
 *   audio.wav         every sample given, float32, interleaved (the lossless path)
 *   scattering.npy    scattering frames, [frames, rows] float32, appended as they come
 *   scattering.json   the rows' metadata (src/protocol/scattering-file.ts), frame-major
 *   session.json      device, rates, engine parameters, counts, status (atomic rewrites)
 *
 * Appends go straight to the files (the page cache); at least once a second, and on sync(),
 * the headers are brought up to date: data fsynced, then the WAV sizes and the NPY shape
 * rewritten in place, then fsynced again. A process killed at any moment (SIGKILL included)
 * leaves files that open as they were at the last sync, and `repairSession` recovers the rest.
 *
 * Write failures (a full disk, a file-size limit, a read-only file system, the folder deleted)
 * never throw into the caller: the recorder stops, leaves the headers consistent with the last
 * good write, records the error in session.json if it can, and reports it through `onStatus`.
 * Appends after that are ignored and counted.
 */
import { basename, join } from 'node:path';
import { toFileAccessError } from '../errors.js';
import { makeFolder } from './make-folder.js';
import { restoreDeletedFile } from './restore-deleted-file.js';
import { RecordingNpy } from './recording-npy.js';
import { RecordingWav } from './recording-wav.js';
import {
  SESSION_FILES,
  SESSION_SCHEMA,
  SESSION_VERSION,
  writeJsonAtomically,
  writeSessionManifest,
  type SessionDevice,
  type SessionEngineParams,
  type SessionManifest,
} from './session-manifest.js';
import { sessionScatteringSidecar, type SessionScatteringLayout } from './session-sidecar.js';
import type { GrowingFile } from './growing-file.js';

/** Milliseconds between header updates: at most this much audio is lost to a crash before repair. */
const DEFAULT_SYNC_INTERVAL_MS = 1000;

export type RecorderState = 'recording' | 'complete' | 'stopped-on-error';

export interface RecorderStatus {
  readonly state: RecorderState;
  /** Sample frames (per channel) and scattering frames written. */
  readonly samples: number;
  readonly frames: number;
  /** Sample frames and scattering frames offered after the recorder stopped. */
  readonly samplesNotRecorded: number;
  readonly framesNotRecorded: number;
  /** For 'stopped-on-error': one line naming the file and the reason. */
  readonly message?: string;
}

export interface SessionRecorderOptions {
  /** The session folder: created if missing; must not hold a session already. */
  readonly dir: string;
  /** Hz, a positive integer. */
  readonly sampleRate: number;
  readonly channels: number;
  readonly device: SessionDevice;
  /** The engine's parameters; required with `scattering`. */
  readonly engine?: SessionEngineParams;
  /** Rows' metadata and frame grid; without it no scattering files are written. */
  readonly scattering?: SessionScatteringLayout;
  readonly syncIntervalMs?: number;
  /** Called on every change of state (not on every append). */
  readonly onStatus?: (status: RecorderStatus) => void;
  /** The clock for startedAt and endedAt. */
  readonly now?: () => Date;
}

/** One chunk of audio: one array per channel, all of one length; as AudioChunk in src/pipeline. */
export interface RecorderChunk {
  readonly channels: readonly Float32Array[];
}

export class SessionRecorder {
  private state: RecorderState = 'recording';
  private message: string | undefined;
  private readonly wav: RecordingWav;
  private readonly npy: RecordingNpy | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly startedAt: string;
  private endedAt: string | null = null;
  private samplesNotRecorded = 0;
  private framesNotRecorded = 0;
  private droppedAnalysisBlocks = 0;
  private workerRestarts = 0;

  /** Creates the folder and its files; throws FileAccessError (or a bad option) when it cannot. */
  constructor(private readonly options: SessionRecorderOptions) {
    const { dir, scattering, engine } = options;
    if (scattering !== undefined && engine === undefined) {
      throw new Error('a session recording scattering frames needs the engine parameters');
    }
    this.startedAt = this.now();
    const created: GrowingFile[] = [];
    try {
      makeFolder(dir);
      this.wav = new RecordingWav(this.pathOf('audio'), {
        sampleRate: options.sampleRate,
        channels: options.channels,
      });
      created.push(this.wav.file);
      this.npy =
        scattering === undefined
          ? undefined
          : new RecordingNpy(this.pathOf('scattering'), scattering.paths.length);
      if (this.npy !== undefined) created.push(this.npy.file);
      this.writeSidecar();
      this.writeManifest();
    } catch (error) {
      for (const file of created) file.close();
      throw toFileAccessError(error, 'create the session in', dir);
    }
    this.timer = setInterval(() => {
      this.sync();
    }, options.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS);
    // The recorder alone must not keep the process alive.
    this.timer.unref();
  }

  get dir(): string {
    return this.options.dir;
  }

  get status(): RecorderStatus {
    return {
      state: this.state,
      samples: this.wav.frames,
      frames: this.npy?.frames ?? 0,
      samplesNotRecorded: this.samplesNotRecorded,
      framesNotRecorded: this.framesNotRecorded,
      ...(this.message === undefined ? {} : { message: this.message }),
    };
  }

  /** Appends a chunk of audio. Never throws: a failure stops the recorder (see onStatus). */
  appendAudio(chunk: RecorderChunk): void {
    if (this.state !== 'recording') {
      this.samplesNotRecorded += chunk.channels[0]?.length ?? 0;
      return;
    }
    try {
      this.wav.append(chunk.channels);
    } catch (error) {
      this.samplesNotRecorded += chunk.channels[0]?.length ?? 0;
      this.stopOnError(this.wav.file.path, error);
    }
  }

  /** Appends one scattering frame (one value per row). Never throws, as appendAudio. */
  appendFrame(frame: Float32Array | Float64Array): void {
    if (this.state !== 'recording' || this.npy === undefined) {
      this.framesNotRecorded++;
      return;
    }
    try {
      this.npy.append(frame);
    } catch (error) {
      this.framesNotRecorded++;
      this.stopOnError(this.npy.file.path, error);
    }
  }

  /** Appends `count` frames held one after the other in `data` ([count, rows]). Never throws. */
  appendFrames(data: Float32Array, rows: number, count: number): void {
    for (let k = 0; k < count; k++) this.appendFrame(data.subarray(k * rows, (k + 1) * rows));
  }

  /** The analysis path's counters, as the engine reports them (totals, not increments). */
  setAnalysisCounts(counts: { droppedAnalysisBlocks?: number; workerRestarts?: number }): void {
    this.droppedAnalysisBlocks = counts.droppedAnalysisBlocks ?? this.droppedAnalysisBlocks;
    this.workerRestarts = counts.workerRestarts ?? this.workerRestarts;
  }

  /**
   * Makes everything appended so far durable and readable: checks the files are still in the
   * folder, fsyncs the data, rewrites the headers, fsyncs again. Never throws.
   */
  sync(): void {
    if (this.state !== 'recording') return;
    for (const file of this.files()) {
      try {
        const detached = file.whyDetached();
        if (detached !== undefined) {
          this.stopOnError(file.path, new Error(detached));
          return;
        }
      } catch (error) {
        this.stopOnError(file.path, error);
        return;
      }
    }
    this.syncHeaders();
  }

  /** Finalises headers and session.json (status complete). Idempotent; never throws. */
  close(): RecorderStatus {
    if (this.state === 'recording') {
      this.sync();
      // sync() may have stopped the recorder on an error: that status stands.
      if (this.isRecording()) {
        clearInterval(this.timer);
        this.state = 'complete';
        this.endedAt = this.now();
        this.closeFiles();
        this.writeClosingMetadata();
        this.notify();
      }
    }
    return this.status;
  }

  /** data → fsync → header → fsync for each file; stops on the first failure. */
  private syncHeaders(): void {
    for (const [file, writeHeader] of this.headerWriters()) {
      try {
        file.fsync();
        writeHeader();
        file.fsync();
      } catch (error) {
        this.stopOnError(file.path, error);
        return;
      }
    }
  }

  private stopOnError(path: string, error: unknown): void {
    if (this.state !== 'recording') return;
    clearInterval(this.timer);
    this.state = 'stopped-on-error';
    this.endedAt = this.now();
    this.message = describeWriteFailure(path, error);
    // Headers for what was written in full (best effort: the device may refuse even this).
    for (const [file, writeHeader] of this.headerWriters()) {
      try {
        writeHeader();
        file.fsync();
      } catch {
        // The header of the last successful sync stays; repair can recover the rest.
      }
    }
    this.restoreDeletedFiles();
    this.closeFiles();
    this.writeClosingMetadata();
    this.notify();
  }

  /**
   * When the folder was deleted while recording, the open descriptors still hold everything:
   * put the files back where they were, so the recording is not lost with the folder.
   */
  private restoreDeletedFiles(): void {
    const restored: string[] = [];
    for (const file of this.files()) {
      try {
        if (file.whyDetached() !== 'the file was deleted') continue;
        makeFolder(this.dir);
        restoreDeletedFile(file);
        restored.push(basename(file.path));
      } catch {
        // Nowhere to put it back: what was written is lost with the folder.
      }
    }
    if (restored.length > 0) {
      this.message = `${this.message ?? ''}; put back from the open files: ${restored.join(', ')}`;
    }
  }

  /** scattering.json and session.json as they stand now; failures only noted in the status. */
  private writeClosingMetadata(): void {
    try {
      this.writeSidecar();
      this.writeManifest();
    } catch (error) {
      if (this.state === 'complete') {
        this.state = 'stopped-on-error';
        this.message = describeWriteFailure(this.pathOf('manifest'), error);
      }
    }
  }

  private writeSidecar(): void {
    const { scattering, engine } = this.options;
    if (scattering === undefined || engine === undefined) return;
    const sidecar = sessionScatteringSidecar({
      layout: scattering,
      engine,
      sampleRate: this.options.sampleRate,
      channels: this.options.channels,
      samples: this.wav.frames,
      frames: this.npy?.frames ?? 0,
    });
    writeJsonAtomically(this.pathOf('scatteringSidecar'), sidecar);
  }

  private writeManifest(): void {
    const samples = this.wav.frames;
    const manifest: SessionManifest = {
      schema: SESSION_SCHEMA,
      version: SESSION_VERSION,
      status: this.state,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      device: this.options.device,
      sampleRate: this.options.sampleRate,
      channels: this.options.channels,
      engine: this.options.engine ?? null,
      counts: {
        samples,
        frames: this.npy?.frames ?? 0,
        droppedAnalysisBlocks: this.droppedAnalysisBlocks,
        workerRestarts: this.workerRestarts,
        samplesNotRecorded: this.samplesNotRecorded,
        framesNotRecorded: this.framesNotRecorded,
      },
      durationSeconds: samples / this.options.sampleRate,
      ...(this.message === undefined ? {} : { error: this.message }),
    };
    writeSessionManifest(this.pathOf('manifest'), manifest);
  }

  /** A method, not a field read: sync() may change the state behind the compiler's back. */
  private isRecording(): boolean {
    return this.state === 'recording';
  }

  private files(): GrowingFile[] {
    return this.npy === undefined ? [this.wav.file] : [this.wav.file, this.npy.file];
  }

  private headerWriters(): [GrowingFile, () => void][] {
    const writers: [GrowingFile, () => void][] = [[this.wav.file, () => this.wav.writeHeader()]];
    const { npy } = this;
    if (npy !== undefined) writers.push([npy.file, () => npy.writeHeader()]);
    return writers;
  }

  private closeFiles(): void {
    for (const file of this.files()) file.close();
  }

  private notify(): void {
    this.options.onStatus?.(this.status);
  }

  private pathOf(file: keyof typeof SESSION_FILES): string {
    return join(this.options.dir, SESSION_FILES[file]);
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }
}

/** `cannot write /rec/audio.wav: no space left on the device`, on one line. */
function describeWriteFailure(path: string, error: unknown): string {
  const described = toFileAccessError(error, 'write', path);
  if (described !== error && described instanceof Error) return described.message;
  const reason = error instanceof Error ? error.message : String(error);
  return `cannot write ${path}: ${reason}`.replace(/\s*\n\s*/g, ' ');
}
