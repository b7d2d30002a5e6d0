/**
 * What can end a command, and the exit code and one-line message each gets.
 *
 * Exit codes: 0 success; 1 the input or output cannot be processed as asked (missing or corrupt
 * file, an option that does not fit this input such as T longer than the signal); 2 the command
 * line itself is wrong (unknown option, malformed or out-of-range value, missing argument);
 * 128 + signal number when interrupted (130 for Ctrl-C).
 */
import { FileAccessError, FileFormatError } from '../io/errors.js';
import { ScatteringParamError } from '../dsp/index.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** The command line is wrong, whatever the input. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command line is well-formed but does not fit this input (e.g. a channel it lacks). */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** The run was stopped by a signal; the exit code is 128 + its number. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';

  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted (${signal})`);
  }
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGTERM: 15,
};

export interface Failure {
  readonly exitCode: number;
  /** One line, without the program name. */
  readonly message: string;
  /** Only for errors that are bugs rather than user mistakes. */
  readonly stack?: string;
}

/** Classifies an error: user errors get one line, anything else is a bug and keeps its stack. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof UsageError) return { exitCode: EXIT_USAGE, message: oneLine(error.message) };
  if (error instanceof InterruptedError) {
    return { exitCode: 128 + (SIGNAL_NUMBERS[error.signal] ?? 2), message: error.message };
  }
  if (
    error instanceof InputError ||
    error instanceof FileFormatError ||
    error instanceof FileAccessError ||
    error instanceof ScatteringParamError
  ) {
    return { exitCode: EXIT_FAILURE, message: oneLine(error.message) };
  }
  if (error instanceof Error) {
    return {
      exitCode: EXIT_FAILURE,
      message: `internal error: ${oneLine(error.message)}`,
      ...(error.stack === undefined ? {} : { stack: error.stack }),
    };
  }
  return { exitCode: EXIT_FAILURE, message: `internal error: ${String(error)}` };
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
