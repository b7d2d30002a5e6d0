/**
 * An Electron MessagePortMain (in the engine's utility process) as the UI channel the engine
 * host serves: the page's port carries exactly what a WebSocket carries in `serve` mode, JSON
 * text for requests and events and an ArrayBuffer per frame packet, so the page decodes both
 * transports alike. (Electron copies ArrayBuffers between processes whatever we do, so frame
 * packets stay display-sized: the host sends them at most ~30 times a second.)
 *
 * Electron sits behind `MessagePortLike`, the part of MessagePortMain used here, so tests drive
 * this with Node's own MessageChannel through a small adapter.
 */

import type { UiChannel, UiChannelEvents } from '../host/ui-session.js';

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

export function portChannel(port: MessagePortLike, events: UiChannelEvents): UiChannel {
  let open = true;
  port.on('message', ({ data }) => {
    if (typeof data === 'string') events.onText(data);
    else events.onBinary();
  });
  port.on('close', () => {
    open = false;
    events.onClose();
  });
  port.start();
  return {
    sendText: (text) => {
      if (open) port.postMessage(text);
    },
    sendBinary: (buffer) => {
      if (open) port.postMessage(buffer);
    },
    bufferedBytes: 0,
    get open() {
      return open;
    },
    close: () => {
      open = false;
      port.close();
    },
  };
}
