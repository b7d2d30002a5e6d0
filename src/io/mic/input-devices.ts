/**
 * Audio input devices: listing, and choosing one by index or by name.
 */
import { chooseDevice } from './choose-device.js';
import { loadPortAudio } from './portaudio.js';

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
  return chooseDevice(choice, listInputDevices(), 'input');
}
