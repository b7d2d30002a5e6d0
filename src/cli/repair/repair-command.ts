/**
 * `scatterscope repair DIR`: completes a recording session a crash left behind, and says in one
 * line what it fixed.
 */
import { repairSession, type SessionRepairReport } from '../../io/session/repair-session.js';
import type { CommandContext } from '../console.js';
import { UsageError } from '../errors.js';
import { REPAIR_HELP } from '../help.js';
import { parseCommandLine } from '../parse-command-line.js';

const REPAIR_OPTIONS = { help: { type: 'boolean', short: 'h' } } as const;

export function runRepairCommand(args: readonly string[], context: CommandContext): Promise<void> {
  const { values, positionals } = parseCommandLine(
    args,
    REPAIR_OPTIONS,
    'scatterscope repair --help',
  );
  if (values.help === true) {
    context.stdout.write(REPAIR_HELP);
    return Promise.resolve();
  }
  const [dir, ...extra] = positionals;
  if (dir === undefined) {
    throw new UsageError('repair needs a session folder (see scatterscope repair --help)');
  }
  if (extra.length > 0) {
    throw new UsageError(
      `repair takes one session folder, got ${String(positionals.length)}: ${positionals.join(' ')}`,
    );
  }
  context.stdout.write(`${formatRepairReport(repairSession(dir))}\n`);
  return Promise.resolve();
}

/**
 * `repaired rec/: audio.wav sizes 0 → 120000 sample frames; ...; now 120000 samples (2.50 s), 312 frames`
 * or `rec/: nothing to repair (complete, 120000 samples (2.50 s), 312 frames)`.
 */
export function formatRepairReport(report: SessionRepairReport): string {
  const counts = `${String(report.samples)} samples (${report.durationSeconds.toFixed(2)} s), ${String(report.frames)} frames`;
  if (report.fixes.length === 0) {
    return `${report.dir}: nothing to repair (${report.status}, ${counts})`;
  }
  return `repaired ${report.dir}: ${report.fixes.join('; ')}; now ${counts}`;
}
