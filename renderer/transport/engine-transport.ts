/**
 * One connection to the engine host, whatever carries it: a WebSocket (browser, `scatterscope
 * serve`) or a MessagePort (the desktop app). Requests go out as `UiRequest` objects; host events
 * and binary frame packets come back through the handlers.
 */
import type { FramePacket } from '../../src/protocol/frame-packet.js';
import type { HostEvent, UiRequest } from '../../src/protocol/ui-messages.js';

export interface TransportHandlers {
  readonly onEvent: (event: HostEvent) => void;
  readonly onFrames: (packet: FramePacket) => void;
  /** The link opened, or closed (`reason` says why, for the user). */
  readonly onLink: (open: boolean, reason: string) => void;
}

export interface EngineTransport {
  /** Sends now, or as soon as the link is open (requests wait in order). */
  send(request: UiRequest): void;
  close(): void;
}
