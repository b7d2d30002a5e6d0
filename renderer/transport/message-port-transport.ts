/**
 * The desktop app's link to the engine host: a MessagePort that the preload hands to the page
 * as a window message (`ENGINE_PORT_MESSAGE`, ports[0]). Host events arrive as structured
 * clones, frame packets as transferred ArrayBuffers.
 */
import { ENGINE_PORT_MESSAGE, type DesktopBridge } from '../../src/protocol/desktop-bridge.js';
import { decodeFramePacket } from '../../src/protocol/frame-packet.js';
import type { UiRequest } from '../../src/protocol/ui-messages.js';
import type { EngineTransport, TransportHandlers } from './engine-transport.js';
import { decodeHostEvent } from './host-event-decoding.js';

const isPortMessage = (event: MessageEvent<unknown>): boolean =>
  event.source === window &&
  typeof event.data === 'object' &&
  event.data !== null &&
  (event.data as { type?: unknown }).type === ENGINE_PORT_MESSAGE &&
  event.ports.length > 0;

export function connectMessagePort(
  bridge: DesktopBridge,
  handlers: TransportHandlers,
): EngineTransport {
  let port: MessagePort | null = null;
  const waiting: UiRequest[] = [];

  const onWindowMessage = (event: MessageEvent<unknown>): void => {
    if (!isPortMessage(event)) return;
    const [received] = event.ports;
    if (received === undefined) return;
    port?.close();
    port = received;
    received.onmessage = (message: MessageEvent<unknown>) => {
      if (message.data instanceof ArrayBuffer) {
        handlers.onFrames(decodeFramePacket(message.data));
      } else {
        const hostEvent = decodeHostEvent(message.data);
        if (hostEvent !== null) handlers.onEvent(hostEvent);
      }
    };
    received.start();
    handlers.onLink(true, 'connected');
    for (const request of waiting.splice(0)) received.postMessage(request);
  };
  window.addEventListener('message', onWindowMessage);
  bridge.requestEnginePort();

  return {
    send(request: UiRequest): void {
      if (port === null) waiting.push(request);
      else port.postMessage(request);
    },
    close(): void {
      window.removeEventListener('message', onWindowMessage);
      port?.close();
      port = null;
    },
  };
}
