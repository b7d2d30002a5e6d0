/**
 * `scatterscope devices [--outputs] [--json]`: the audio input devices `record` can use, or the
 * output devices `replay --play` can use.
 */
import { listAudioDevices } from '../../io/mic/audio-devices.js';
import type { CommandContext } from '../console.js';
import { InputError, UsageError } from '../errors.js';
import { parseCommandLine } from '../parse-command-line.js';

export const DEVICES_HELP = `Usage: scatterscope devices [--outputs] [--json]

Lists the audio input devices: index, name, host API, input channels and default sample
rate. Pass the index or (part of) the name to 'scatterscope record --device'.

      --outputs         list the output devices instead (for 'scatterscope replay --play
                        --device'), with their output channels
      --json            print a JSON array instead of a table
  -h, --help            show this help
`;

const DEVICES_OPTIONS = {
  outputs: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function runDevicesCommand(args: readonly string[], context: CommandContext): Promise<void> {
  const { values, positionals } = parseCommandLine(
    args,
    DEVICES_OPTIONS,
    'scatterscope devices --help',
  );
  if (values.help === true) {
    context.stdout.write(DEVICES_HELP);
    return Promise.resolve();
  }
  if (positionals.length > 0)
    throw new UsageError(`devices takes no argument (got '${positionals.join(' ')}')`);
  const direction = values.outputs === true ? 'output' : 'input';
  let devices;
  try {
    devices = listAudioDevices(direction);
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
  if (values.json === true) {
    context.stdout.write(`${JSON.stringify(devices, null, 2)}\n`);
    return Promise.resolve();
  }
  if (devices.length === 0) {
    context.stdout.write(`no audio ${direction} devices\n`);
    return Promise.resolve();
  }
  const rows = [
    ['index', 'name', 'host API', 'channels', 'default rate'],
    ...devices.map((d) => [
      String(d.index),
      d.name,
      d.hostApi,
      String(d.channels),
      `${String(d.defaultSampleRate)} Hz`,
    ]),
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  for (const row of rows) {
    context.stdout.write(
      `${row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd()}\n`,
    );
  }
  return Promise.resolve();
}
