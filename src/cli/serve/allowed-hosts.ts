/**
 * DNS rebinding and cross-site WebSocket defences: a request's Host header must name the server
 * as it was bound (a rebound domain name carries its own name), and a WebSocket's Origin, when a
 * browser sends one, must be the server's own page.
 */
import { networkInterfaces, hostname } from 'node:os';
import { isIP } from 'node:net';

/** `host:port` as it appears in a Host header (IPv6 in brackets), lower case. */
export function hostHeaderFor(host: string, port: number): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${String(port)}`.toLowerCase();
}

/** The names a browser may use to reach a server bound to `address` on `port`. */
export function allowedHostHeaders(address: string, port: number): Set<string> {
  const names = new Set<string>([address]);
  const loopback = address === '127.0.0.1' || address === '::1' || address === 'localhost';
  const wildcard = address === '0.0.0.0' || address === '::';
  if (loopback || wildcard) {
    names.add('localhost');
    names.add('127.0.0.1');
    names.add('::1');
  }
  if (wildcard) {
    // Every address of this machine, and its name: all reach a wildcard listener.
    names.add(hostname());
    for (const entries of Object.values(networkInterfaces()))
      for (const entry of entries ?? []) names.add(entry.address);
  }
  return new Set([...names].map((name) => hostHeaderFor(name, port)));
}

/** Whether a WebSocket upgrade's Origin is the page this server served (or absent: not a browser). */
export function originAllowed(origin: string | undefined, hostHeader: string): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === hostHeader;
  } catch {
    return false;
  }
}
