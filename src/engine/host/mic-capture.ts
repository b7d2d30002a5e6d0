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
      // naudiodon does not say which input PortAudio opens by default; on Linux it is ALSA's
      // device named 'default', so that one is marked (and none where there is no such name).
      return listInputDevices().map((d) => ({ ...d, isDefault: d.name === 'default' }));
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
