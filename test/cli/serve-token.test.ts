/**
 * `scatterscope serve --host`: beyond loopback, every HTTP request and WebSocket upgrade needs
 * the printed access token (in the query string, or the cookie set with the first page).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chirp, writeWav } from '../engine/host/host-harness.js';
import { get, SocketClient, startServe, type RunningServe } from './serve-harness.js';

let dir: string;
let serve: RunningServe;
let host: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scatterscope-serve-token-'));
  const file = writeWav(dir, 'sweep.wav', chirp(1, 300, 3000));
  serve = await startServe(['--port', '0', '--host', '127.0.0.1', '--source', file]);
  host = `127.0.0.1:${String(serve.port)}`;
});

afterAll(async () => {
  await serve.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('scatterscope serve --host', () => {
  it('prints a URL with a long random token', () => {
    expect(serve.token).toMatch(/^[\w-]{32}$/);
    expect(serve.url).toBe(`http://${host}/?token=${serve.token ?? ''}`);
  });

  it('refuses HTTP without the token, or with a wrong one', async () => {
    const token = serve.token ?? '';
    expect((await get(serve.port, '/', { Host: host })).status).toBe(401);
    expect((await get(serve.port, '/index.html', { Host: host })).status).toBe(401);
    expect((await get(serve.port, `/?token=${token.slice(1)}`, { Host: host })).status).toBe(401);
    expect((await get(serve.port, '/?token=', { Host: host })).status).toBe(401);
    const wrongCookie = await get(serve.port, '/', {
      Host: host,
      Cookie: `scatterscope_token_${String(serve.port)}=x`,
    });
    expect(wrongCookie.status).toBe(401);
    // Another port's cookie (another server on this machine) does not open this one.
    const otherPort = await get(serve.port, '/', {
      Host: host,
      Cookie: `scatterscope_token_${String(serve.port + 1)}=${serve.token ?? ''}`,
    });
    expect(otherPort.status).toBe(401);
  });

  it('lets the token in, and sets a cookie that lets the page in after', async () => {
    const first = await get(serve.port, `/?token=${serve.token ?? ''}`, { Host: host });
    // 200, or 503 while the page is not built: past the token either way.
    expect([200, 503]).toContain(first.status);
    const [cookie] = first.headers['set-cookie'] ?? [];
    expect(cookie).toBe(
      `scatterscope_token_${String(serve.port)}=${serve.token ?? ''}; Path=/; HttpOnly; SameSite=Strict`,
    );
    const later = await get(serve.port, '/', { Host: host, Cookie: cookie?.split(';')[0] ?? '' });
    expect([200, 503]).toContain(later.status);
  });

  it('refuses a WebSocket without the token, and accepts it by query or cookie', async () => {
    await expect(SocketClient.connect(serve.port)).rejects.toThrow('refused 401');
    await expect(SocketClient.connect(serve.port, { query: '?token=nope' })).rejects.toThrow(
      'refused 401',
    );
    const byQuery = await SocketClient.connect(serve.port, {
      query: `?token=${serve.token ?? ''}`,
    });
    await byQuery.until(() => byQuery.state() !== undefined, 'the state');
    byQuery.close();
    const byCookie = await SocketClient.connect(serve.port, {
      headers: { Cookie: `scatterscope_token_${String(serve.port)}=${serve.token ?? ''}` },
    });
    byCookie.close();
  });

  it('still checks the Host header with a valid token', async () => {
    const response = await get(serve.port, `/?token=${serve.token ?? ''}`, {
      Host: `evil.example:${String(serve.port)}`,
    });
    expect(response.status).toBe(403);
  });
});
