/**
 * The HTTP server of `scatterscope serve`: the page's static files and the engine's WebSocket
 * (`/ws`), behind the checks that keep other sites and other machines out:
 *
 * - Host header: one of the names of the bound address (a DNS-rebinding page sends its own).
 * - Origin (WebSocket upgrades): the server's own page; a browser always sends one.
 * - Access token (only when listening beyond loopback): on every HTTP request and upgrade.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { EngineHost } from '../../engine/host/engine-host.js';
import { hasAccess, tokenCookie, tokenCookieName, tokensMatch } from './access-token.js';
import { allowedHostHeaders, originAllowed } from './allowed-hosts.js';
import { attachSocket } from './socket-session.js';
import { sendText, serveStatic } from './static-files.js';

/** Path of the engine's WebSocket. */
export const ENGINE_SOCKET_PATH = '/ws';
/** Largest request message, bytes: requests are small JSON objects. */
const MAX_REQUEST_BYTES = 64 * 1024;

export interface ServeServerOptions {
  readonly host: EngineHost;
  readonly address: string;
  readonly port: number;
  /** Required on every request when set. */
  readonly token: string | null;
  readonly rendererFolder: string;
}

export interface RunningServer {
  /** The port listened on (the one picked, for port 0). */
  readonly port: number;
  close(): Promise<void>;
}

export async function startServeServer(options: ServeServerOptions): Promise<RunningServer> {
  const { token } = options;
  // Both known once listening (port 0 picks the port).
  let allowedHosts = new Set<string>();
  let cookieName = '';
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES });

  const server: Server = createServer((request, response) => {
    handleHttp(request, response);
  });

  const handleHttp = (request: IncomingMessage, response: ServerResponse): void => {
    if (!allowedHosts.has((request.headers.host ?? '').toLowerCase())) {
      sendText(response, 403, 'forbidden: this server does not answer to that host name');
      return;
    }
    if (!hasAccess(request, token, cookieName)) {
      sendText(
        response,
        401,
        'this server needs its access token: open the URL it printed when it started',
      );
      return;
    }
    const url = new URL(request.url ?? '/', 'http://placeholder');
    if (url.pathname === ENGINE_SOCKET_PATH) {
      sendText(response, 426, 'the engine speaks WebSocket here', { Upgrade: 'websocket' });
      return;
    }
    // A token given in the URL becomes a cookie, for the page's assets and WebSocket.
    const query = url.searchParams.get('token');
    const cookie =
      token !== null && query !== null && tokensMatch(token, query)
        ? { 'Set-Cookie': tokenCookie(cookieName, token) }
        : {};
    serveStatic(request, response, options.rendererFolder, cookie);
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const hostHeader = (request.headers.host ?? '').toLowerCase();
    const url = new URL(request.url ?? '/', 'http://placeholder');
    const refusal =
      url.pathname !== ENGINE_SOCKET_PATH
        ? '404 Not Found'
        : !allowedHosts.has(hostHeader)
          ? '403 Forbidden'
          : !originAllowed(request.headers.origin, hostHeader)
            ? '403 Forbidden'
            : !hasAccess(request, token, cookieName)
              ? '401 Unauthorized'
              : null;
    if (refusal !== null) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      attachSocket(ws, options.host);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = allowedHostHeaders(options.address, port);
  cookieName = tokenCookieName(port);

  return {
    port,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => {
        sockets.close(() => {
          resolve();
        });
      });
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
