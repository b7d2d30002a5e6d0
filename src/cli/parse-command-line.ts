/**
 * node:util parseArgs in strict mode, with its errors reworded as one-line usage errors.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { errorCode } from '../io/errors.js';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedCommandLine<T extends Options> {
  readonly values: ReturnType<
    typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>
  >['values'];
  readonly positionals: string[];
}

export function parseCommandLine<T extends Options>(
  args: readonly string[],
  options: T,
  helpHint: string,
): ParsedCommandLine<T> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const option = /'(-[^' <]*)/.exec(message)?.[1] ?? '';
    switch (errorCode(error)) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new UsageError(`unknown option '${option}' (see ${helpHint})`);
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
        const name = /--[\w-]+/.exec(message)?.[0] ?? option;
        if (message.includes('does not take an argument'))
          throw new UsageError(`option ${name} does not take a value`);
        throw new UsageError(
          message.includes('ambiguous')
            ? `option ${name} needs a value (write ${name}=-1 for a value starting with '-')`
            : `option ${name} needs a value`,
        );
      }
      default:
        if (errorCode(error)?.startsWith('ERR_PARSE_ARGS') === true) {
          throw new UsageError(`${message.split('\n')[0] ?? message} (see ${helpHint})`);
        }
        throw error;
    }
  }
}
