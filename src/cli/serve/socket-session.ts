/**
 * One browser connected to the engine host over a WebSocket: the WebSocket as a UI channel
 * (text and binary messages, its send buffer for backpressure) served by a UiSession, which
 * does the protocol (the same as over the desktop app's MessagePort).
 */
import type { RawData, WebSocket } from 'ws';
import type { EngineHost } from '../../engine/host/engine-host.js';
import { UiSession, type UiChannel } from '../../engine/host/ui-session.js';

export class SocketSession {
  private readonly session: UiSession;

  constructor(socket: WebSocket, host: EngineHost) {
    const channel: UiChannel = {
      sendText: (text) => {
        socket.send(text);
      },
      sendBinary: (buffer) => {
        socket.send(buffer, { binary: true });
      },
      get bufferedBytes() {
        return socket.bufferedAmount;
      },
      get open() {
        return socket.readyState === socket.OPEN;
      },
      close: () => {
        socket.close();
      },
    };
    this.session = new UiSession(channel, host);
    socket.on('message', (data, isBinary) => {
      if (isBinary) this.session.receiveBinary();
      else this.session.receiveText(rawText(data));
    });
    socket.on('close', () => {
      this.session.dispose();
    });
    socket.on('error', () => {
      this.session.dispose();
    });
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
