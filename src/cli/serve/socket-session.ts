/**
 * The WebSocket transport of a UI connection: JSON text for requests and events, binary
 * messages for frame packets, busy while more than FRAME_BUFFER_LIMIT bytes wait to be sent.
 */
import type { RawData, WebSocket } from 'ws';
import type { EngineHost } from '../../engine/host/engine-host.js';
import { UiConnection } from '../../engine/host/ui-connection.js';
import { encodeFramePacket } from '../../protocol/frame-packet.js';
import { encodeHostEvent } from '../../protocol/host-event-json.js';

/** Bytes waiting in a socket beyond which frames are held back and merged. */
const FRAME_BUFFER_LIMIT = 1 << 20;

export function attachSocket(socket: WebSocket, host: EngineHost): UiConnection {
  const open = (): boolean => socket.readyState === socket.OPEN;
  const connection = new UiConnection(host, {
    sendEvent: (event) => {
      if (open()) socket.send(encodeHostEvent(event));
    },
    sendFrames: (packet) => {
      if (open()) socket.send(encodeFramePacket(packet), { binary: true });
    },
    busy: () => !open() || socket.bufferedAmount > FRAME_BUFFER_LIMIT,
  });
  socket.on('message', (data, isBinary) => {
    if (isBinary) connection.refuse('requests are JSON text messages, not binary');
    else connection.receiveText(rawText(data));
  });
  socket.on('close', () => {
    connection.close();
  });
  socket.on('error', () => {
    connection.close();
  });
  return connection;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
