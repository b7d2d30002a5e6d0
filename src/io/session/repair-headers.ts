/**
 * The header fixes of a repair: sizes (WAV) and shape (NPY) recomputed from the file length,
 * whole frames only; a partial frame at the end (a write cut short) is truncated away.
 * Each fix is fsynced before the function returns.
 */
import { closeSync, fsyncSync, ftruncateSync, openSync } from 'node:fs';
import { basename } from 'node:path';
import { FileByteSource, readBytes } from '../byte-source.js';
import { FileFormatError, toFileAccessError } from '../errors.js';
import { formatNpyHeader, parseNpyHeader } from '../npy-header.js';
import { BYTES_PER_SAMPLE } from '../sample-encoding.js';
import { parseWavHeader } from '../wav-header.js';
import { wavSizeFields } from '../wav-float-header.js';
import { writeFullyAt } from '../write-fully.js';

export interface HeaderRepair {
  /** Whole frames now described by the header (sample frames, or scattering frames). */
  readonly frames: number;
  readonly fixes: readonly string[];
}

/** Bytes read for an .npy header: version 1.0 headers are at most 64 KiB + 10. */
const NPY_HEADER_READ_BYTES = 65_546;
const ITEM_BYTES: Readonly<Record<string, number>> = { '<f4': 4, '<f8': 8 };

export function repairWavSizes(
  path: string,
): HeaderRepair & { readonly sampleRate: number; readonly channels: number } {
  const { header, fileBytes } = namingFile(path, (source) => ({
    header: parseWavHeader(source),
    fileBytes: source.size,
  }));
  const { layout, info, declaredDataBytes } = header;
  const frameBytes = BYTES_PER_SAMPLE[layout.encoding] * layout.channels;
  const frames = Math.floor((fileBytes - layout.dataOffset) / frameBytes);
  const dataBytes = frames * frameBytes;
  const fixes: string[] = [];
  withFile(path, (fd) => {
    const partial = fileBytes - layout.dataOffset - dataBytes;
    if (partial > 0) {
      ftruncateSync(fd, layout.dataOffset + dataBytes);
      fixes.push(`${basename(path)}: ${String(partial)} bytes of a partial sample frame cut`);
    }
    if (declaredDataBytes !== dataBytes) {
      const fields = wavSizeFields(layout.dataOffset, dataBytes);
      writeFullyAt(fd, fields.dataSize, fields.dataSizeOffset);
      writeFullyAt(fd, fields.riffSize, 4);
      fixes.push(
        `${basename(path)} sizes ${String(declaredDataBytes / frameBytes)} → ${String(frames)} sample frames`,
      );
    }
  });
  return { frames, fixes, sampleRate: info.sampleRate ?? 0, channels: layout.channels };
}

export function repairNpyShape(path: string): HeaderRepair {
  const { header, fileBytes } = namingFile(path, (source) => ({
    header: parseNpyHeader(readBytes(source, 0, Math.min(NPY_HEADER_READ_BYTES, source.size))),
    fileBytes: source.size,
  }));
  const rows = header.shape[1];
  const itemBytes = ITEM_BYTES[header.descr];
  if (header.shape.length !== 2 || rows === undefined || rows === 0 || itemBytes === undefined) {
    throw new FileFormatError(
      `${path}: not a session's scattering frames (expected a [frames, rows] float array, got ${header.descr} of shape [${header.shape.join(', ')}])`,
    );
  }
  const frameBytes = rows * itemBytes;
  const frames = Math.floor((fileBytes - header.dataOffset) / frameBytes);
  const fixes: string[] = [];
  withFile(path, (fd) => {
    const partial = fileBytes - header.dataOffset - frames * frameBytes;
    if (partial > 0) {
      ftruncateSync(fd, header.dataOffset + frames * frameBytes);
      fixes.push(`${basename(path)}: ${String(partial)} bytes of a partial frame cut`);
    }
    if (header.shape[0] !== frames) {
      // Same length as before (the recorder reserves room), so the data does not move.
      const rewritten = formatNpyHeader(header.descr, [frames, rows], header.dataOffset);
      if (rewritten.length !== header.dataOffset) {
        throw new FileFormatError(
          `${path}: no room in the header for shape (${String(frames)}, ${String(rows)})`,
        );
      }
      writeFullyAt(fd, rewritten, 0);
      fixes.push(`${basename(path)} shape ${String(header.shape[0])} → ${String(frames)} frames`);
    }
  });
  return { frames, fixes };
}

/** Opens `path` for writing in place, runs `change`, and fsyncs what it changed. */
function withFile(path: string, change: (fd: number) => void): void {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (error) {
    throw toFileAccessError(error, 'repair', path);
  }
  try {
    change(fd);
    fsyncSync(fd);
  } catch (error) {
    throw toFileAccessError(error, 'repair', path);
  } finally {
    closeSync(fd);
  }
}

/** Runs `read` on the file at `path`, its name put before any complaint about its content. */
function namingFile<T>(path: string, read: (source: FileByteSource) => T): T {
  const source = new FileByteSource(path);
  try {
    return read(source);
  } catch (error) {
    throw error instanceof FileFormatError
      ? new FileFormatError(`${path}: ${error.message}`, { cause: error })
      : error;
  } finally {
    source.close();
  }
}
