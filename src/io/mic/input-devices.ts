/**
 * Audio input devices: listing, and choosing one by index or by name.
 */
import { AudioDriverError, loadPortAudio } from './portaudio.js';

export interface InputDevice {
  /** PortAudio's device id (stable while the system's devices do not change). */
  readonly index: number;
  readonly name: string;
  readonly hostApi: string;
  readonly channels: number;
  /** Hz. */
  readonly defaultSampleRate: number;
}

export function listInputDevices(): InputDevice[] {
  return loadPortAudio()
    .getDevices()
    .filter((d) => d.maxInputChannels > 0)
    .map((d) => ({
      index: d.id,
      name: d.name,
      hostApi: d.hostAPIName,
      channels: d.maxInputChannels,
      defaultSampleRate: d.defaultSampleRate,
    }));
}

/**
 * The device named by `choice`: an index, an exact name, or a unique part of a name
 * (case-insensitive). undefined: the system's default input.
 */
export function findInputDevice(choice: string | number | undefined): InputDevice | undefined {
  if (choice === undefined) return undefined;
  const devices = listInputDevices();
  const names = (): string => devices.map((d) => `${String(d.index)}: ${d.name}`).join('; ');
  if (typeof choice === 'number' || /^\d+$/.test(choice)) {
    const index = Number(choice);
    const found = devices.find((d) => d.index === index);
    if (found === undefined)
      throw new AudioDriverError(`no input device ${String(index)} (inputs: ${names()})`);
    return found;
  }
  const exact = devices.find((d) => d.name === choice);
  if (exact !== undefined) return exact;
  const partial = devices.filter((d) => d.name.toLowerCase().includes(choice.toLowerCase()));
  if (partial.length === 1 && partial[0] !== undefined) return partial[0];
  if (partial.length > 1) {
    throw new AudioDriverError(
      `'${choice}' matches several input devices: ${partial.map((d) => d.name).join('; ')}`,
    );
  }
  throw new AudioDriverError(`no input device named '${choice}' (inputs: ${names()})`);
}
