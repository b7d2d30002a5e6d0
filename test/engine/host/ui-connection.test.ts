/**
 * A UI on a slow transport: while it is busy, frames wait and merge (the latest win, bounded)
 * and input views are skipped, but state and replies still arrive; malformed messages get the
 * reason.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UiConnection as Connection, UiSink } from '../../../src/engine/host/ui-connection.js';
import type { FramePacket } from '../../../src/protocol/frame-packet.js';
import type { HostEvent } from '../../../src/protocol/ui-messages.js';
import { importBuilt } from '../../support/built.js';
import { chirp, HostHarness, sleep, writeWav } from './host-harness.js';

let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scatterscope-ui-'));
  file = writeWav(dir, 'sweep.wav', chirp(2, 300, 3000));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A transport that can be made slow: what it was given, and a switch for `busy`. */
class TestTransport implements UiSink {
  readonly events: HostEvent[] = [];
  readonly packets: FramePacket[] = [];
  slow = false;
  sendEvent(event: HostEvent): void {
    this.events.push(event);
  }
  sendFrames(packet: FramePacket): void {
    this.packets.push(packet);
  }
  busy(): boolean {
    return this.slow;
  }
}

async function connect(
  harness: HostHarness,
): Promise<{ transport: TestTransport; connection: Connection }> {
  const { UiConnection } = await importBuilt<{ UiConnection: typeof Connection }>(
    'src/engine/host/ui-connection.js',
  );
  const transport = new TestTransport();
  return { transport, connection: new UiConnection(harness.host, transport) };
}

describe('UiConnection', () => {
  it('holds frames for a busy UI and then sends the latest of them in one packet', async () => {
    const harness = await HostHarness.create();
    const { transport, connection } = await connect(harness);
    try {
      expect(transport.events[0]?.type).toBe('state');
      const { id } = harness.host.offerSource(file);
      connection.receive({ id: 1, type: 'set-speed', speed: 'max' });
      connection.receive({ id: 2, type: 'set-loop', loop: true });
      connection.receive({ id: 3, type: 'open-source', sourceId: id });
      await harness.until(() => transport.packets.length > 0, 'frames');
      transport.slow = true;
      await sleep(100);
      const sent = transport.packets.length;
      const inputs = transport.events.filter((e) => e.type === 'input').length;
      const hostPackets = harness.packets.length;
      await sleep(1000);
      // Nothing sent while busy, though the host went on; replies still arrive.
      expect(transport.packets.length).toBe(sent);
      expect(transport.events.filter((e) => e.type === 'input').length).toBe(inputs);
      expect(harness.packets.length).toBeGreaterThan(hostPackets + 10);
      connection.receive({ id: 4, type: 'pause' });
      await harness.until(
        () => transport.events.some((e) => e.type === 'reply' && e.id === 4),
        'the reply while busy',
      );
      transport.slow = false;
      await harness.until(() => transport.packets.length > sent, 'the held frames');
      const merged = transport.packets[sent];
      if (merged === undefined) throw new Error('no packet');
      // One packet where the host sent many: it ends with a host packet's frames, the latest
      // there were when it went out, and holds the frames before them too.
      const end = (p: FramePacket): number => p.firstFrameSeconds + p.count * p.frameSeconds;
      const last = harness.packets.find((p) => Math.abs(end(p) - end(merged)) < 1e-6);
      if (last === undefined) throw new Error('the merged packet ends with no host packet');
      expect(merged.count).toBeGreaterThan(last.count);
      expect(merged.count).toBeLessThanOrEqual(2048);
      expect(Array.from(merged.data.subarray(merged.data.length - last.data.length))).toEqual(
        Array.from(last.data),
      );
    } finally {
      connection.close();
      await harness.close();
    }
  });

  it('answers a malformed request with the reason', async () => {
    const harness = await HostHarness.create();
    const { transport, connection } = await connect(harness);
    try {
      connection.receive({ id: 7, type: 'seek', seconds: -3 });
      connection.receive('stop');
      expect(transport.events.slice(1)).toEqual([
        {
          type: 'reply',
          id: 7,
          ok: false,
          error: { name: 'BadRequest', message: 'seek.seconds must be a number ≥ 0' },
        },
        {
          type: 'notice',
          level: 'warning',
          code: 'bad-request',
          message: 'a request must be an object',
        },
      ]);
      connection.close();
      connection.receive({ id: 8, type: 'stop' });
      await sleep(100);
      expect(transport.events).toHaveLength(3);
    } finally {
      await harness.close();
    }
  });
});
