/**
 * The access token of a server listening beyond loopback (`--host`): random, 192 bits, compared
 * in constant time, accepted from the query string (`?token=`, the URL printed at start) or from
 * the cookie the server sets on the first page it serves with it (so that the page's own assets
 * and WebSocket need no token in their URLs).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The cookie's name for the server on `port`: cookies are shared by every port of a host name,
 * so two servers on one machine must not overwrite each other's.
 */
export function tokenCookieName(port: number): string {
  return `scatterscope_token_${String(port)}`;
}

export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Compares digests, so that neither the content nor the length of the token leaks by timing. */
export function tokensMatch(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** The tokens a request carries: its `token` query parameter and its token cookie. */
export function presentedTokens(request: IncomingMessage, cookieName: string): string[] {
  const tokens: string[] = [];
  const url = new URL(request.url ?? '/', 'http://placeholder');
  const query = url.searchParams.get('token');
  if (query !== null) tokens.push(query);
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === cookieName) tokens.push(value.join('='));
  }
  return tokens;
}

/** Whether `request` carries `token` (always true when the server needs none). */
export function hasAccess(
  request: IncomingMessage,
  token: string | null,
  cookieName: string,
): boolean {
  if (token === null) return true;
  // Every candidate is compared, so the time does not say which one matched.
  return presentedTokens(request, cookieName).reduce(
    (ok, given) => tokensMatch(token, given) || ok,
    false,
  );
}

/** The cookie that lets the page's later requests in without the query string. */
export function tokenCookie(cookieName: string, token: string): string {
  return `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}
