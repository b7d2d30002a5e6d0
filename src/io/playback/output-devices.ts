/**
 * Audio output devices: listing, and choosing one by index or by name (as for inputs).
 */
import { chooseDevice } from '../mic/choose-device.js';
import { loadPortAudio } from '../mic/portaudio.js';

export interface OutputDevice {
  /** PortAudio's device id. */
  readonly index: number;
  readonly name: string;
  readonly hostApi: string;
  readonly channels: number;
  /** Hz. */
  readonly defaultSampleRate: number;
}

export function listOutputDevices(): OutputDevice[] {
  return loadPortAudio()
    .getDevices()
    .filter((d) => d.maxOutputChannels > 0)
    .map((d) => ({
      index: d.id,
      name: d.name,
      hostApi: d.hostAPIName,
      channels: d.maxOutputChannels,
      defaultSampleRate: d.defaultSampleRate,
    }));
}

/** The output named by `choice` (index, exact name or unique part of one); undefined: the default. */
export function findOutputDevice(choice: string | number | undefined): OutputDevice | undefined {
  if (choice === undefined) return undefined;
  return chooseDevice(choice, listOutputDevices(), 'output');
}
