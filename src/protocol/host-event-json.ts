/**
 * Host events as JSON text, for transports that carry text (a WebSocket, the desktop app's
 * MessagePort). JSON has no typed arrays: an input view's `minMax` goes as a plain array of
 * numbers (a Float32Array would become an object keyed by index), rounded to WAVEFORM_STEP of
 * full scale. The waveform is drawn a few hundred pixels high, so 1e-4 (-80 dBFS) is below
 * what it can show, and the text is half the size of float32's full decimal expansions.
 */
import type { HostEvent } from './ui-messages.js';

/** Resolution of the waveform's min/max sent to a UI, in full scale. */
export const WAVEFORM_STEP = 1e-4;

const roundToStep = (value: number): number => Math.round(value / WAVEFORM_STEP) * WAVEFORM_STEP;

export function encodeHostEvent(event: HostEvent): string {
  if (event.type !== 'input') return JSON.stringify(event);
  return JSON.stringify({
    ...event,
    view: {
      ...event.view,
      // toFixed keeps 1e-4 multiples free of binary round-off digits (0.30000000000000004).
      minMax: Array.from(event.view.minMax, (v) => Number(roundToStep(v).toFixed(4))),
    },
  });
}
