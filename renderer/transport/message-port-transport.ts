/**
 * The desktop app's link to the engine host: a MessagePort that the preload hands to the page
 * as a window message (`ENGINE_PORT_MESSAGE`, ports[0]). It carries what the WebSocket carries:
 * JSON text for requests and host events, an ArrayBuffer per frame packet.
 */
import { ENGINE_PORT_MESSAGE, type DesktopBridge } from '../../src/protocol/desktop-bridge.js';
import type { UiRequest } from '../../src/protocol/ui-messages.js';
import type { EngineTransport, TransportHandlers } from './engine-transport.js';
import { dispatchHostMessage } from './host-event-decoding.js';

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
  const waiting: string[] = [];

  const onWindowMessage = (event: MessageEvent<unknown>): void => {
    if (!isPortMessage(event)) return;
    const [received] = event.ports;
    if (received === undefined) return;
    port?.close();
    port = received;
    received.onmessage = (message: MessageEvent<unknown>) => {
      dispatchHostMessage(message.data, handlers);
    };
    received.start();
    handlers.onLink(true, 'connected');
    for (const text of waiting.splice(0)) received.postMessage(text);
  };
  window.addEventListener('message', onWindowMessage);
  bridge.requestEnginePort();

  return {
    send(request: UiRequest): void {
      const text = JSON.stringify(request);
      if (port === null) waiting.push(text);
      else port.postMessage(text);
    },
    close(): void {
      window.removeEventListener('message', onWindowMessage);
      port?.close();
      port = null;
    },
  };
}
