/**
 * Audio input devices: listing, and choosing one by index or by name.
 */
import { findAudioDevice, listAudioDevices, type AudioDevice } from './audio-devices.js';

export type InputDevice = AudioDevice;

export const listInputDevices = (): InputDevice[] => listAudioDevices('input');

/** The input named by `choice` (index, exact name or unique part of one); undefined: the default. */
export const findInputDevice = (choice: string | number | undefined): InputDevice | undefined =>
  findAudioDevice('input', choice);
