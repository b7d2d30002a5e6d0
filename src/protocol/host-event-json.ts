/**
 * Host events as JSON text, for transports that carry text (a WebSocket). JSON has no typed
 * arrays: an input view's `minMax` goes as a plain array of numbers (a Float32Array would
 * become an object keyed by index).
 */
import type { HostEvent } from './ui-messages.js';

export function encodeHostEvent(event: HostEvent): string {
  if (event.type !== 'input') return JSON.stringify(event);
  return JSON.stringify({
    ...event,
    view: { ...event.view, minMax: Array.from(event.view.minMax) },
  });
}
