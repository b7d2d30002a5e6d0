/**
 * The `scatterscope` program: global options, then one command.
 * Returns the exit code; never throws for user errors (they become one line on stderr).
 */
import { discardPendingOutputs } from '../io/atomic-output.js';
import { parseAnalyseCommandLine } from './analyse/analyse-options.js';
import { runAnalysis } from './analyse/run-analysis.js';
import { printMessage, PROGRAM, type CommandContext } from './console.js';
import { describeFailure, EXIT_OK, UsageError } from './errors.js';
import { ANALYSE_HELP, PROGRAM_HELP, REPAIR_HELP } from './help.js';
import { parseCommandLine } from './parse-command-line.js';
import { DEVICES_HELP, runDevicesCommand } from './devices/devices-command.js';
import { runRecordCommand } from './record/record-command.js';
import { RECORD_HELP } from './record/record-help.js';
import { runReplayCommand } from './replay/replay-command.js';
import { REPLAY_HELP } from './replay/replay-help.js';
import { runRepairCommand } from './repair/repair-command.js';
import { runServeCommand } from './serve/serve-command.js';
import { SERVE_HELP } from './serve/serve-help.js';
import { programVersion } from './version.js';

type Command = (args: readonly string[], context: CommandContext) => Promise<void>;

const COMMANDS: Readonly<Record<string, Command>> = {
  analyse: async (args, context) => {
    const commandLine = parseAnalyseCommandLine(args);
    if (commandLine.help) {
      context.stdout.write(ANALYSE_HELP);
      return;
    }
    await runAnalysis(commandLine.request, context);
  },
  repair: runRepairCommand,
  devices: runDevicesCommand,
  record: runRecordCommand,
  replay: runReplayCommand,
  serve: runServeCommand,
};

/** `scatterscope help TOPIC`: the command's help, or the program's for anything else. */
const HELP_TOPICS: Readonly<Record<string, string>> = {
  analyse: ANALYSE_HELP,
  analyze: ANALYSE_HELP,
  repair: REPAIR_HELP,
  devices: DEVICES_HELP,
  record: RECORD_HELP,
  replay: REPLAY_HELP,
  serve: SERVE_HELP,
};

/** The American spelling, so that it is not an error. */
const ALIASES: Readonly<Record<string, string>> = { analyze: 'analyse' };

const GLOBAL_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

export async function runProgram(
  argv: readonly string[],
  context: CommandContext,
): Promise<number> {
  try {
    await dispatch(argv, context);
    return EXIT_OK;
  } catch (error) {
    discardPendingOutputs();
    const failure = describeFailure(error);
    printMessage(context.stderr, failure.message);
    if (failure.stack !== undefined) context.stderr.write(`${failure.stack}\n`);
    return failure.exitCode;
  }
}

async function dispatch(argv: readonly string[], context: CommandContext): Promise<void> {
  const commandIndex = argv.findIndex((arg) => !arg.startsWith('-'));
  const globalArgs = commandIndex < 0 ? argv : argv.slice(0, commandIndex);
  const { values } = parseCommandLine(globalArgs, GLOBAL_OPTIONS, `${PROGRAM} --help`);
  if (values.version === true) {
    context.stdout.write(`${PROGRAM} ${programVersion()}\n`);
    return;
  }
  if (values.help === true) {
    context.stdout.write(PROGRAM_HELP);
    return;
  }
  const name = commandIndex < 0 ? undefined : argv[commandIndex];
  if (name === undefined) throw new UsageError(`missing command (see ${PROGRAM} --help)`);
  if (name === 'help') {
    const topic = argv[commandIndex + 1];
    context.stdout.write((topic === undefined ? undefined : HELP_TOPICS[topic]) ?? PROGRAM_HELP);
    return;
  }
  const command = COMMANDS[ALIASES[name] ?? name];
  if (command === undefined) {
    throw new UsageError(
      `unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')})`,
    );
  }
  await command(argv.slice(commandIndex + 1), context);
}
