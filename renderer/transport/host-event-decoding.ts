/**
 * Host events as they arrive from a transport. Over a MessagePort they are structured clones
 * (typed arrays intact); over a WebSocket they are JSON, where a Float32Array may arrive as an
 * array or as an object keyed by index. Both become the `HostEvent` the panels expect.
 */
import type { HostEvent } from '../../src/protocol/ui-messages.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A Float32Array from a typed array, a plain array or an index-keyed object. */
function toFloat32(value: unknown): Float32Array {
  if (value instanceof Float32Array) return value;
  if (Array.isArray(value)) return Float32Array.from(value as number[]);
  if (isRecord(value)) return Float32Array.from(Object.values(value) as number[]);
  return new Float32Array(0);
}

/** Returns the event, or null when `value` is not one (the host and page are out of step). */
export function decodeHostEvent(value: unknown): HostEvent | null {
  if (!isRecord(value) || typeof value.type !== 'string') return null;
  if (value.type === 'input' && isRecord(value.view)) {
    const view = value.view;
    return {
      type: 'input',
      view: {
        minMax: toFloat32(view.minMax),
        seconds: typeof view.seconds === 'number' ? view.seconds : 0,
        peakDb: typeof view.peakDb === 'number' ? view.peakDb : null,
        rmsDb: typeof view.rmsDb === 'number' ? view.rmsDb : null,
        clipped: view.clipped === true,
      },
    };
  }
  return value as unknown as HostEvent;
}
