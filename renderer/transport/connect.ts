/** Picks the transport for where the page runs: the desktop app's port, or a WebSocket. */
import { DESKTOP_BRIDGE_GLOBAL, type DesktopBridge } from '../../src/protocol/desktop-bridge.js';
import type { EngineTransport, TransportHandlers } from './engine-transport.js';
import { connectMessagePort } from './message-port-transport.js';
import { connectWebSocket, engineSocketUrl } from './websocket-transport.js';

/** The preload's bridge in the desktop app; null in a browser. */
export function desktopBridge(): DesktopBridge | null {
  const bridge = (window as unknown as Record<string, unknown>)[DESKTOP_BRIDGE_GLOBAL];
  return typeof bridge === 'object' && bridge !== null ? (bridge as DesktopBridge) : null;
}

export function connectEngine(
  bridge: DesktopBridge | null,
  handlers: TransportHandlers,
): EngineTransport {
  return bridge === null
    ? connectWebSocket(engineSocketUrl(window.location), handlers)
    : connectMessagePort(bridge, handlers);
}
