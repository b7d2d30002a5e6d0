/**
 * Host events as JSON text, for transports that carry text (a WebSocket, the desktop app's
 * MessagePort). JSON has no typed arrays: an input view's `minMax` goes as a plain array of
 * numbers (a Float32Array would become an object keyed by index), rounded to WAVEFORM_STEP of
 * full scale. The waveform is drawn a few hundred pixels high, so 1e-4 (-80 dBFS) is below
 * what it can show, and the text is half the size of float32's full decimal expansions.
 */
import type { HostEvent } from './ui-messages.js';

/** Decimal places of the waveform's min/max sent to a UI (full scale is ±1). */
const WAVEFORM_DECIMALS = 4;
/** Resolution of the waveform's min/max sent to a UI, in full scale. */
export const WAVEFORM_STEP = 10 ** -WAVEFORM_DECIMALS;

export function encodeHostEvent(event: HostEvent): string {
  if (event.type !== 'input') return JSON.stringify(event);
  return JSON.stringify({
    ...event,
    view: {
      ...event.view,
      // Rounded in decimal, so that the text holds no binary round-off digits.
      minMax: Array.from(event.view.minMax, (v) => Number(v.toFixed(WAVEFORM_DECIMALS))),
    },
  });
}
