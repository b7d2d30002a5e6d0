/**
 * Choosing an audio device by what a user types: an index, an exact name, or a unique part of
 * a name (case-insensitive). One rule for inputs (record --device) and outputs (replay --play
 * --device).
 */
import { AudioDriverError } from './portaudio.js';

export interface NamedDevice {
  /** PortAudio's device id. */
  readonly index: number;
  readonly name: string;
}

/** The device of `devices` named by `choice`; an AudioDriverError listing them if none is. */
export function chooseDevice<D extends NamedDevice>(
  choice: string | number,
  devices: readonly D[],
  kind: 'input' | 'output',
): D {
  const names = (): string =>
    devices.length === 0 ? 'none' : devices.map((d) => `${String(d.index)}: ${d.name}`).join('; ');
  if (typeof choice === 'number' || /^\d+$/.test(choice)) {
    const index = Number(choice);
    const found = devices.find((d) => d.index === index);
    if (found === undefined)
      throw new AudioDriverError(`no ${kind} device ${String(index)} (${kind}s: ${names()})`);
    return found;
  }
  const exact = devices.find((d) => d.name === choice);
  if (exact !== undefined) return exact;
  const partial = devices.filter((d) => d.name.toLowerCase().includes(choice.toLowerCase()));
  if (partial.length === 1 && partial[0] !== undefined) return partial[0];
  if (partial.length > 1) {
    throw new AudioDriverError(
      `'${choice}' matches several ${kind} devices: ${partial.map((d) => d.name).join('; ')}`,
    );
  }
  throw new AudioDriverError(`no ${kind} device named '${choice}' (${kind}s: ${names()})`);
}
