/**
 * Where a command writes: results to stdout, messages and progress to stderr. Passed in so the
 * commands can run in tests without a terminal.
 */
export interface TextOutput {
  write(text: string): unknown;
  /** True for a terminal: progress bars only go there. */
  readonly isTTY?: boolean;
  /** Terminal width in characters, when known. */
  readonly columns?: number;
}

export interface CommandContext {
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  /** Aborted when the user interrupts the run (Ctrl-C); reason is the signal name. */
  readonly signal: AbortSignal;
  /** Milliseconds from an arbitrary origin, for timing and progress. */
  now(): number;
}

export const PROGRAM = 'scatterscope';

/** `scatterscope: <message>` on one line. */
export function printMessage(stderr: TextOutput, message: string): void {
  stderr.write(`${PROGRAM}: ${message}\n`);
}

export function printWarning(stderr: TextOutput, message: string): void {
  printMessage(stderr, `warning: ${message}`);
}
