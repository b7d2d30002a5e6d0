/**
 * Typed errors for reading and writing files. Their messages are one line, meant for the user
 * as they are: they name the file problem, never the code that found it.
 */

/** The bytes of an input file are not something we can read (wrong format, corrupt, unsupported). */
export class FileFormatError extends Error {
  override readonly name: string = 'FileFormatError';
}

/** A sample that is NaN or infinite: the transform of such a signal is meaningless. */
export class NonFiniteSampleError extends FileFormatError {
  override readonly name: string = 'NonFiniteSampleError';

  constructor(
    /** Sample frame index (per channel) of the first bad sample, from 0. */
    readonly frame: number,
    /** Channel of that sample, from 0. */
    readonly channel: number,
    readonly value: number,
  ) {
    super(
      `sample ${String(frame)} of channel ${String(channel)} is ${Number.isNaN(value) ? 'NaN' : String(value)}: the input must hold finite samples only`,
    );
  }
}

/** The file system refused an operation (missing file, permissions, a folder where a file was expected). */
export class FileAccessError extends Error {
  override readonly name: string = 'FileAccessError';

  constructor(
    message: string,
    /** The Node error code (ENOENT, EACCES, ...) when there is one. */
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large (the file-size limit is reached)',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  EEXIST: 'the file already exists',
  EIO: 'input/output error',
};

/** The `code` of a Node system or library error (ENOENT, ERR_PARSE_ARGS_...), if it has one. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
    ? error.code
    : undefined;
}

/**
 * Turns a Node file-system error into a FileAccessError such as
 * `cannot read in.wav: no such file or folder`. Anything else (a bug) is returned unchanged.
 */
export function toFileAccessError(error: unknown, action: string, path: string): unknown {
  const code = errorCode(error);
  if (code === undefined) return error;
  const reason = REASONS[code] ?? (error instanceof Error ? error.message : code);
  return new FileAccessError(`cannot ${action} ${path}: ${reason}`, code);
}
