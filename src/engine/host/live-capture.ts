/**
 * Live capture as the engine host sees it: list the input devices, open one as an AudioSource.
 * A host built without it cannot capture (a server replaying files only, tests).
 */
import type { AudioSource } from '../../pipeline/audio-source.js';
import type { DeviceInfo } from '../../protocol/ui-messages.js';

export interface OpenedInput {
  readonly source: AudioSource;
  /** The device's name as the user knows it. */
  readonly deviceName: string;
  readonly hostApi?: string;
}

export interface LiveCapture {
  listDevices(): readonly DeviceInfo[];
  /** Opens `device` (a name, a unique part of one, an index; null: the default); throws a clear error. */
  open(device: string | number | null): OpenedInput;
}
