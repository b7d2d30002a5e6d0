/**
 * Audio output devices: listing, and choosing one by index or by name (as for inputs).
 */
import { findAudioDevice, listAudioDevices, type AudioDevice } from '../mic/audio-devices.js';

export type OutputDevice = AudioDevice;

export const listOutputDevices = (): OutputDevice[] => listAudioDevices('output');

/** The output named by `choice` (index, exact name or unique part of one); undefined: the default. */
export const findOutputDevice = (choice: string | number | undefined): OutputDevice | undefined =>
  findAudioDevice('output', choice);
