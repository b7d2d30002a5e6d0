/**
 * Where a page served by `scatterscope serve` finds the engine: the WebSocket at its own
 * origin, secure when the page is, carrying the access token of a server started with --host
 * and nothing else from the page's address.
 */
import { describe, expect, it } from 'vitest';
import {
  ENGINE_SOCKET_PATH,
  engineSocketUrl,
} from '../../renderer/transport/websocket-transport.js';

/** The page's address: engineSocketUrl reads href, protocol and search, as a URL has them. */
const pageAt = (href: string): Location => new URL(href) as unknown as Location;

describe('engineSocketUrl', () => {
  it('is ws://<the page origin>/ws for a page over http', () => {
    expect(ENGINE_SOCKET_PATH).toBe('/ws');
    expect(engineSocketUrl(pageAt('http://127.0.0.1:8080/'))).toBe('ws://127.0.0.1:8080/ws');
    expect(engineSocketUrl(pageAt('http://localhost:5173/index.html#top'))).toBe(
      'ws://localhost:5173/ws',
    );
  });

  it('is wss:// for a page over https', () => {
    expect(engineSocketUrl(pageAt('https://scope.example:8443/app/'))).toBe(
      'wss://scope.example:8443/ws',
    );
  });

  it("passes the page's token on, encoded, and drops the rest of its query", () => {
    expect(
      engineSocketUrl(pageAt('http://192.168.1.20:8080/?debug=1&token=a%2Bb%20c&view=2')),
    ).toBe('ws://192.168.1.20:8080/ws?token=a%2Bb+c');
    expect(engineSocketUrl(pageAt('http://192.168.1.20:8080/?debug=1'))).toBe(
      'ws://192.168.1.20:8080/ws',
    );
  });
});
