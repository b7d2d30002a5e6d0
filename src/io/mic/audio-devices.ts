/**
 * Audio devices as PortAudio lists them, for one direction (capture or playback): listing, and
 * choosing one by index or by name.
 */
import { chooseDevice } from './choose-device.js';
import { loadPortAudio } from './portaudio.js';

export type DeviceDirection = 'input' | 'output';

export interface AudioDevice {
  /** PortAudio's device id (stable while the system's devices do not change). */
  readonly index: number;
  readonly name: string;
  readonly hostApi: string;
  /** Channels in this direction. */
  readonly channels: number;
  /** Hz. */
  readonly defaultSampleRate: number;
}

export function listAudioDevices(direction: DeviceDirection): AudioDevice[] {
  return loadPortAudio()
    .getDevices()
    .map((d) => ({
      index: d.id,
      name: d.name,
      hostApi: d.hostAPIName,
      channels: direction === 'input' ? d.maxInputChannels : d.maxOutputChannels,
      defaultSampleRate: d.defaultSampleRate,
    }))
    .filter((d) => d.channels > 0);
}

/**
 * The device named by `choice`: an index, an exact name, or a unique part of a name
 * (case-insensitive). undefined: the system's default for this direction.
 */
export function findAudioDevice(
  direction: DeviceDirection,
  choice: string | number | undefined,
): AudioDevice | undefined {
  if (choice === undefined) return undefined;
  return chooseDevice(choice, listAudioDevices(direction), direction);
}
