/**
 * The browser's link to `scatterscope serve`: a WebSocket at the page's own origin. Text
 * messages are JSON host events, binary messages are frame packets. A page opened with
 * `?token=…` (a server started with --host) passes the token on. A lost link is retried every
 * 2 s; requests made meanwhile wait.
 */
import type { UiRequest } from '../../src/protocol/ui-messages.js';
import type { EngineTransport, TransportHandlers } from './engine-transport.js';
import { dispatchHostMessage } from './host-event-decoding.js';

/** Path of the engine's WebSocket on the serving origin. */
export const ENGINE_SOCKET_PATH = '/ws';
const RETRY_MS = 2000;

/** ws://host/ws or wss://host/ws for the page at `location`, carrying its access token if any. */
export function engineSocketUrl(location: Location): string {
  const url = new URL(ENGINE_SOCKET_PATH, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  const token = new URLSearchParams(location.search).get('token');
  if (token !== null) url.searchParams.set('token', token);
  return url.href;
}

export function connectWebSocket(url: string, handlers: TransportHandlers): EngineTransport {
  let socket: WebSocket | null = null;
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const waiting: string[] = [];

  const open = (): void => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.addEventListener('open', () => {
      handlers.onLink(true, 'connected');
      for (const text of waiting.splice(0)) ws.send(text);
    });
    ws.addEventListener('message', (message: MessageEvent<unknown>) => {
      dispatchHostMessage(message.data, handlers);
    });
    ws.addEventListener('close', (event) => {
      if (socket !== ws) return;
      socket = null;
      if (closed) return;
      handlers.onLink(
        false,
        `the connection to the engine closed (${event.reason === '' ? `code ${event.code}` : event.reason}); retrying`,
      );
      retry = setTimeout(open, RETRY_MS);
    });
  };
  open();

  return {
    send(request: UiRequest): void {
      const text = JSON.stringify(request);
      if (socket?.readyState === WebSocket.OPEN) socket.send(text);
      else waiting.push(text);
    },
    close(): void {
      closed = true;
      if (retry !== null) clearTimeout(retry);
      socket?.close();
    },
  };
}
