/**
 * Live capture from the system's audio inputs (PortAudio through src/io/mic): mono float32 at
 * the device's default rate, as `scatterscope record` captures by default.
 */
import { listInputDevices } from '../../io/mic/input-devices.js';
import { MicSource } from '../../io/mic/mic-source.js';
import type { LiveCapture, OpenedInput } from './live-capture.js';

export interface MicCaptureOptions {
  /** Channels captured (default 1). */
  readonly channels?: number;
}

export function micCapture(options: MicCaptureOptions = {}): LiveCapture {
  return {
    listDevices: () => {
      const devices = listInputDevices();
      // PortAudio's default input is the one opened without a device: the first that the host
      // API lists is what `MicSource` without a device opens on Linux (ALSA's `default`).
      const defaultIndex = devices.find((d) => d.name === 'default')?.index ?? devices[0]?.index;
      return devices.map((d) => ({ ...d, isDefault: d.index === defaultIndex }));
    },
    open: (device): OpenedInput => {
      const mic = new MicSource({
        ...(device === null ? {} : { device }),
        channels: options.channels ?? 1,
        format: 'float32',
      });
      return {
        source: mic,
        deviceName: mic.device?.name ?? 'default',
        ...(mic.device === undefined ? {} : { hostApi: mic.device.hostApi }),
      };
    },
  };
}
