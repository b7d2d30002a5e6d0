/**
 * The desktop app's engine process, in plain Node: the main process's control requests and a
 * page served over a MessagePort (Node's MessageChannel standing in for Electron's, through the
 * same small interface), replaying a real WAV file through the real host and DSP worker.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type * as ControlHandler from '../../../src/engine/desktop/control-handler.js';
import type { MessagePortLike } from '../../../src/engine/desktop/port-channel.js';
import type * as Host from '../../../src/engine/host/engine-host.js';
import { decodeFramePacket } from '../../../src/protocol/frame-packet.js';
import type { HostEvent } from '../../../src/protocol/ui-messages.js';
import { importBuilt } from '../../support/built.js';
import { sineWav } from '../../support/wav-builder.js';

const { handleControl } = await importBuilt<typeof ControlHandler>(
  'src/engine/desktop/control-handler.js',
);
const { EngineHost } = await importBuilt<typeof Host>('src/engine/host/engine-host.js');

/** Node's MessagePort as Electron's MessagePortMain presents itself (events carry `data`). */
function electronStyle(port: MessagePort): MessagePortLike {
  return {
    postMessage: (message) => {
      port.postMessage(message);
    },
    on: (event: 'message' | 'close', listener: (event: { data: unknown }) => void) =>
      event === 'message'
        ? port.on('message', (data: unknown) => {
            listener({ data });
          })
        : port.on('close', () => {
            listener({ data: undefined });
          }),
    start: () => {
      port.start();
    },
    close: () => {
      port.close();
    },
  };
}

const folders: string[] = [];
const hosts: Host.EngineHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function setUp() {
  const folder = mkdtempSync(join(tmpdir(), 'scatterscope-desktop-'));
  folders.push(folder);
  const wav = join(folder, 'tone.wav');
  writeFileSync(wav, sineWav(1000, 2, 8000));
  const host = new EngineHost({
    settings: { precision: 'float32', channel: 'mix' },
    engine: { J: 6, Q1: 4, Q2: 1, T: null, oversampling: 0, maxOrder: 2 },
  });
  hosts.push(host);
  return { folder, wav, host };
}

describe('the desktop engine process', () => {
  it('offers a picked file by id, and refuses a path that does not exist, naming it', async () => {
    const { wav, host } = setUp();
    const offered = await handleControl(
      host,
      { id: 1, type: 'offer-source', path: wav, kind: 'file' },
      [],
    );
    expect(offered).toMatchObject({ type: 'control-reply', id: 1, ok: true });
    expect(host.state.sources.map((s) => s.id)).toContain(offered.sourceId);

    const missing = await handleControl(
      host,
      { id: 2, type: 'offer-source', path: '/no/such/file.wav', kind: 'file' },
      [],
    );
    expect(missing.ok).toBe(false);
    expect(missing.error?.message).toContain('/no/such/file.wav');
  });

  it('serves a page over its port: state first, then replies and frame packets', async () => {
    const { wav, host } = setUp();
    const { sourceId } = await handleControl(
      host,
      { id: 1, type: 'offer-source', path: wav, kind: 'file' },
      [],
    );
    const { port1, port2: page } = new MessageChannel();
    expect(
      (await handleControl(host, { id: 2, type: 'connect-ui' }, [electronStyle(port1)])).ok,
    ).toBe(true);

    const events: HostEvent[] = [];
    const frameRows: number[] = [];
    let frames = 0;
    page.on('message', (data: unknown) => {
      if (typeof data === 'string') events.push(JSON.parse(data) as HostEvent);
      else {
        const packet = decodeFramePacket(data as ArrayBuffer);
        frames += packet.count;
        frameRows.push(packet.rows);
      }
    });
    page.postMessage(JSON.stringify({ id: 7, type: 'open-source', sourceId }));
    page.postMessage(JSON.stringify({ id: 8, type: 'set-speed', speed: 'max' }));
    const deadline = Date.now() + 20_000;
    while (frames < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    page.close();

    expect(events[0]?.type).toBe('state');
    expect(events).toContainEqual({ type: 'reply', id: 7, ok: true });
    // The layout as the page was told it (the host may be idle again by now: the file is short).
    const announced = events.flatMap((event) =>
      event.type === 'state' && event.state.layout !== null ? [event.state.layout] : [],
    );
    const rows = announced[0]?.paths.length;
    expect(rows).toBeGreaterThan(1);
    expect(frames).toBeGreaterThanOrEqual(10);
    expect(new Set(frameRows)).toEqual(new Set([rows]));
  });

  it('refuses a connect without a port, and closes the host on shutdown', async () => {
    const { host } = setUp();
    const noPort = await handleControl(host, { id: 1, type: 'connect-ui' }, []);
    expect(noPort).toMatchObject({
      ok: false,
      error: { message: 'connect-ui came without a port' },
    });
    expect((await handleControl(host, { id: 2, type: 'shutdown' }, [])).ok).toBe(true);
    const after = await host.handle({ id: 3, type: 'list-devices' });
    expect(after.ok).toBe(false);
  });
});
