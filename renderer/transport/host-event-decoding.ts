/**
 * Messages as they arrive from the engine host, over either transport: an ArrayBuffer is a
 * frame packet, a string is a JSON host event (the host sends the same over a WebSocket and a
 * MessagePort); an object is taken as an already cloned event. In JSON an input view's
 * Float32Array arrives as an array (or, from a careless encoder, an object keyed by index).
 */
import { decodeFramePacket } from '../../src/protocol/frame-packet.js';
import type { HostEvent } from '../../src/protocol/ui-messages.js';
import type { TransportHandlers } from './engine-transport.js';

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

/**
 * Hands one transport message to the handler it is for. JSON that is not an event is ignored
 * (a newer host's additions); text that is not JSON or a frame packet that does not decode (a
 * host and page out of step) becomes a notice the user sees, never an exception in the
 * transport's handler.
 */
export function dispatchHostMessage(data: unknown, handlers: TransportHandlers): void {
  try {
    if (data instanceof ArrayBuffer) {
      handlers.onFrames(decodeFramePacket(data));
      return;
    }
    const event = decodeHostEvent(typeof data === 'string' ? JSON.parse(data) : data);
    if (event !== null) handlers.onEvent(event);
  } catch (error) {
    handlers.onEvent({
      type: 'notice',
      level: 'warning',
      code: 'engine-error',
      message: `the engine sent a message this page cannot read (${error instanceof Error ? error.message : String(error)})`,
    });
  }
}
