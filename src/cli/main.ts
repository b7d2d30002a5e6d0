/**
 * Entry point of the `scatterscope` command (bin/scatterscope.js loads the build of this file).
 *
 * Sets process.exitCode rather than calling process.exit, so that output is flushed. Ctrl-C
 * (SIGINT) or SIGTERM aborts the run at the next block; the run then deletes its temporary
 * output files and exits 128 + the signal number. A second signal exits at once, still cleaning up.
 */
import { performance } from 'node:perf_hooks';
import { discardPendingOutputs } from '../io/atomic-output.js';
import type { CommandContext } from './console.js';
import { runProgram } from './program.js';

const STOP_SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;

function main(): void {
  const controller = new AbortController();
  for (const [name, number] of Object.entries(STOP_SIGNALS)) {
    process.on(name, () => {
      if (!controller.signal.aborted) {
        controller.abort(name);
        return;
      }
      discardPendingOutputs();
      process.exit(128 + number);
    });
  }
  // Last resort if the process ends any other way with outputs still pending.
  process.on('exit', discardPendingOutputs);

  const context: CommandContext = {
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
    now: () => performance.now(),
  };
  void runProgram(process.argv.slice(2), context).then((code) => {
    process.exitCode = code;
    // A native audio stream whose driver vanished can keep a pending read alive for ever; the
    // command is done, so do not wait for it. (An unref'd timer never delays a normal exit.)
    setTimeout(() => {
      process.exit(code);
    }, 2000).unref();
  });
}

main();
