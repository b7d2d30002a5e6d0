/**
 * `scatterscope serve` on loopback: one URL line, the protocol on a WebSocket (state, frames of
 * an offered file, replies), only offered sources, recording into --record-dir, Host and Origin
 * checks, no path outside the page, a clean end on SIGTERM with the recording finalised.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { readSessionAudio, readSessionManifest } from '../support/session-check.js';
import { chirp, writeWav } from '../engine/host/host-harness.js';
import { get, SocketClient, startServe, type RunningServe } from './serve-harness.js';

let dir: string;
let file: string;
let recordings: string;
let serve: RunningServe;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scatterscope-serve-'));
  file = writeWav(dir, 'sweep.wav', chirp(2, 300, 3000));
  recordings = join(dir, 'recordings');
  serve = await startServe([
    '--port',
    '0',
    '--source',
    file,
    '--record-dir',
    recordings,
    '--J',
    '6',
    '--Q',
    '4',
  ]);
});

afterAll(async () => {
  await serve.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('scatterscope serve', () => {
  it('prints the URL to open, on loopback, without a token', () => {
    expect(serve.url).toBe(`http://127.0.0.1:${String(serve.port)}/`);
    expect(serve.token).toBeNull();
  });

  it('sends the state, then frames of an offered file in the announced layout', async () => {
    const client = await SocketClient.connect(serve.port);
    await client.until(() => client.state() !== undefined, 'the first state');
    const first = client.state();
    expect(first?.sources.map(({ label, kind }) => ({ label, kind }))).toEqual([
      { label: 'sweep.wav', kind: 'file' },
    ]);
    expect(first?.canRecord).toBe(true);
    expect(first?.canCapture).toBe(false);
    expect(first?.engine).toMatchObject({ J: 6, Q1: 4, Q2: 1 });
    const reply = await client.request({ type: 'open-source', sourceId: first?.sources[0]?.id });
    expect(reply.ok).toBe(true);
    expect(client.state()?.mode).toBe('replay');
    const layout = client.state()?.layout;
    await client.until(() => client.packets.length >= 3, 'frame packets');
    for (const packet of client.packets) expect(packet.rows).toBe(layout?.paths.length);
    await client.until(() => client.events.some((e) => e.type === 'input'), 'an input view');
    const input = client.events.find((e) => e.type === 'input');
    expect(input?.type === 'input' && input.view.minMax.length).toBeGreaterThan(0);
    expect((await client.request({ type: 'stop' })).ok).toBe(true);
    client.close();
  });

  it('opens nothing but what it offered', async () => {
    const client = await SocketClient.connect(serve.port);
    for (const sourceId of ['source-99', file, '/etc/passwd', '../sweep.wav']) {
      const reply = await client.request({ type: 'open-source', sourceId });
      expect(reply.ok).toBe(false);
      expect(reply.error?.message).toBe(`unknown source id ${JSON.stringify(sourceId)}`);
    }
    const malformed = await client.request({ type: 'open-source', path: file });
    expect(malformed.error?.message).toBe('open-source.sourceId must be a string');
    client.close();
  });

  it('records into a new session folder under --record-dir', async () => {
    const client = await SocketClient.connect(serve.port);
    await client.until(() => client.state() !== undefined, 'the first state');
    const sourceId = client.state()?.sources[0]?.id;
    expect((await client.request({ type: 'set-loop', loop: true })).ok).toBe(true);
    expect((await client.request({ type: 'open-source', sourceId })).ok).toBe(true);
    expect((await client.request({ type: 'start-recording' })).ok).toBe(true);
    const folder = client.state()?.recording?.folder ?? '';
    expect(folder.startsWith(recordings)).toBe(true);
    await client.until(() => (client.state()?.recording?.seconds ?? 0) > 0.5, 'recording');
    // The recording's growth came in progress events: the last whole state is older than it.
    expect(client.events.some((e) => e.type === 'progress')).toBe(true);
    const lastState = client.events.findLast((e) => e.type === 'state');
    expect(lastState?.type === 'state' && lastState.state.recording?.seconds).toBeLessThan(0.5);
    expect((await client.request({ type: 'stop-recording' })).ok).toBe(true);
    expect(readdirSync(folder).sort()).toEqual([
      'audio.wav',
      'scattering.json',
      'scattering.npy',
      'session.json',
    ]);
    expect(readSessionManifest(folder).status).toBe('complete');
    expect((await client.request({ type: 'stop' })).ok).toBe(true);
    client.close();
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    const rebound = await get(serve.port, '/', { Host: `evil.example:${String(serve.port)}` });
    expect(rebound.status).toBe(403);
    await expect(
      SocketClient.connect(serve.port, { headers: { Host: `evil.example:${String(serve.port)}` } }),
    ).rejects.toThrow('refused 403');
    // Its own names are fine.
    for (const host of ['127.0.0.1', 'localhost']) {
      const own = await get(serve.port, '/', { Host: `${host}:${String(serve.port)}` });
      expect(own.status).not.toBe(403);
    }
  });

  it("refuses a WebSocket from another site's page", async () => {
    await expect(
      SocketClient.connect(serve.port, { origin: 'http://evil.example' }),
    ).rejects.toThrow('refused 403');
    await expect(
      SocketClient.connect(serve.port, { origin: `http://localhost:${String(serve.port + 1)}` }),
    ).rejects.toThrow('refused 403');
    const own = await SocketClient.connect(serve.port, {
      origin: `http://127.0.0.1:${String(serve.port)}`,
    });
    own.close();
  });

  it('forbids framing, sniffing and referrers on every response', async () => {
    const own = `127.0.0.1:${String(serve.port)}`;
    for (const [path, host] of [
      ['/', own],
      ['/missing.js', own],
      ['/', 'evil.example'],
    ] as const) {
      const { headers } = await get(serve.port, path, { Host: host });
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('serves no file outside the page', async () => {
    for (const path of [
      '/../package.json',
      '/..%2f..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/%2e%2e/package.json',
      '/..\\..\\..\\package.json',
      `/${'..%2f'.repeat(12)}etc%2fpasswd`,
    ]) {
      const response = await get(serve.port, path, { Host: `127.0.0.1:${String(serve.port)}` });
      // 404, or 503 while the page is not built: never the file.
      expect([404, 503]).toContain(response.status);
      expect(response.body).not.toContain('"name": "scatterscope"');
      expect(response.body).not.toContain('root:');
    }
  });

  it('answers a malformed request with the reason, and goes on', async () => {
    const client = await SocketClient.connect(serve.port);
    const unknown = await client.request({ type: 'format-disk' });
    expect(unknown.error?.message).toBe('unknown request type "format-disk"');
    client.sendRaw('{not json');
    await client.until(() => client.events.some((e) => e.type === 'notice'), 'a notice');
    expect(client.events.find((e) => e.type === 'notice')).toEqual({
      type: 'notice',
      level: 'warning',
      code: 'bad-request',
      message: 'a request must be JSON',
    });
    expect((await client.request({ type: 'stop' })).ok).toBe(true);
    client.close();
  });
});

describe('scatterscope serve: start and end', () => {
  it('explains itself with --help and in the program help', () => {
    const help = runCli(['serve', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: scatterscope serve --source mic\|FILE/);
    expect(help.stdout).toContain('--record-dir DIR');
    expect(runCli(['help', 'serve']).stdout).toBe(help.stdout);
    expect(runCli(['--help']).stdout).toContain('serve --source mic|FILE');
  });

  it('needs a source, and says so', () => {
    const result = runCli(['serve', '--port', '0']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('serve needs at least one --source mic|FILE');
  });

  it('refuses a --source that does not exist, and a bad --port or --host', () => {
    const missing = runCli(['serve', '--source', join(dir, 'missing.wav')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(
      `--source ${join(dir, 'missing.wav')}: no such file or folder`,
    );
    const port = runCli(['serve', '--source', file, '--port', '70000']);
    expect(port.stderr).toContain('--port must be from 0 to 65535 (got 70000)');
    const host = runCli(['serve', '--source', file, '--host', 'example.com']);
    expect(host.stderr).toContain('--host must be an IP address');
    const folder = runCli([
      'serve',
      '--source',
      file,
      '--port',
      '0',
      '--record-dir',
      join(file, 'x'),
    ]);
    expect(folder.status).toBe(1);
    expect(folder.stderr).toContain(
      `--record-dir: cannot create the recordings folder ${join(file, 'x')}`,
    );
  });

  it('lets the page capture only with --source mic', async () => {
    const server = await startServe(['--port', '0', '--source', 'mic']);
    try {
      const client = await SocketClient.connect(server.port);
      await client.until(() => client.state() !== undefined, 'the first state');
      expect(client.state()).toMatchObject({ canCapture: true, canRecord: false, sources: [] });
      client.close();
    } finally {
      await server.stop();
    }
    // Without it (the file-only server of these tests), start-live is refused.
    const client = await SocketClient.connect(serve.port);
    const reply = await client.request({ type: 'start-live', device: null });
    expect(reply.error?.message).toMatch(/cannot open input devices/);
    client.close();
  });

  it('refuses to record without --record-dir', async () => {
    const server = await startServe(['--port', '0', '--source', file]);
    try {
      const client = await SocketClient.connect(server.port);
      await client.until(() => client.state() !== undefined, 'the first state');
      expect(client.state()?.canRecord).toBe(false);
      const sourceId = client.state()?.sources[0]?.id;
      expect((await client.request({ type: 'open-source', sourceId })).ok).toBe(true);
      const reply = await client.request({ type: 'start-recording' });
      expect(reply.error?.message).toMatch(/no recordings folder/);
      client.close();
    } finally {
      await server.stop();
    }
  });

  it('finalises a recording in progress on SIGTERM and exits 0', async () => {
    const folderRoot = join(dir, 'term-recordings');
    const server = await startServe([
      '--port',
      '0',
      '--source',
      file,
      '--record-dir',
      folderRoot,
      '--J',
      '6',
    ]);
    const client = await SocketClient.connect(server.port);
    await client.until(() => client.state() !== undefined, 'the first state');
    const sourceId = client.state()?.sources[0]?.id;
    await client.request({ type: 'set-loop', loop: true });
    await client.request({ type: 'open-source', sourceId });
    await client.request({ type: 'start-recording' });
    await client.until(() => (client.state()?.recording?.seconds ?? 0) > 0.5, 'recording');
    const folder = client.state()?.recording?.folder ?? '';
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(existsSync(folder)).toBe(true);
    expect(readSessionManifest(folder).status).toBe('complete');
    expect(readSessionAudio(folder).frames).toBeGreaterThan(8000);
    expect(server.stderr()).toContain(`recording finalised in ${folder}`);
  });
});
