/**
 * The Electron MessagePort transport of a UI connection (in the engine's utility process). The
 * page's port carries exactly what a WebSocket carries in `serve` mode, JSON text for requests
 * and events and an ArrayBuffer per frame packet, so the page decodes both transports alike.
 * (Electron copies ArrayBuffers between processes whatever we do, so frame packets stay
 * display-sized: the host sends them at most ~30 times a second.)
 *
 * Electron sits behind `MessagePortLike`, the part of MessagePortMain used here, so tests drive
 * this with Node's own MessageChannel through a small adapter.
 */
import type { EngineHost } from '../host/engine-host.js';
import { UiConnection } from '../host/ui-connection.js';
import { encodeFramePacket } from '../../protocol/frame-packet.js';
import { encodeHostEvent } from '../../protocol/host-event-json.js';

/** A message event as MessagePortMain delivers it. */
export interface PortMessageEvent {
  readonly data: unknown;
}

export interface MessagePortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: PortMessageEvent) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

/** Serves one page over its port until the page closes it. */
export function attachPort(port: MessagePortLike, host: EngineHost): UiConnection {
  let open = true;
  const connection = new UiConnection(host, {
    sendEvent: (event) => {
      if (open) port.postMessage(encodeHostEvent(event));
    },
    sendFrames: (packet) => {
      if (open) port.postMessage(encodeFramePacket(packet));
    },
    // A MessagePort does not tell how much waits in it; the host's ~30 packets a second bound it.
    busy: () => !open,
  });
  port.on('message', ({ data }) => {
    if (typeof data === 'string') connection.receiveText(data);
    else connection.refuse('requests are JSON text messages');
  });
  port.on('close', () => {
    open = false;
    connection.close();
  });
  port.start();
  return connection;
}
