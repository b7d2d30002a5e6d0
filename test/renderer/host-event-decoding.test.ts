/**
 * Host messages as the page receives them over a WebSocket (JSON text, binary packets) or a
 * MessagePort (cloned objects, transferred packets): frames reach the history, events the
 * client, an input view's waveform arrives as a Float32Array however it was carried, what
 * cannot be read becomes a notice, and anything else is ignored.
 */
import { describe, expect, it } from 'vitest';
import { encodeFramePacket, type FramePacket } from '../../src/protocol/frame-packet.js';
import { encodeHostEvent, WAVEFORM_STEP } from '../../src/protocol/host-event-json.js';
import type { HostEvent, InputView } from '../../src/protocol/ui-messages.js';
import {
  decodeHostEvent,
  dispatchHostMessage,
} from '../../renderer/transport/host-event-decoding.js';

function received(data: unknown): { events: HostEvent[]; packets: FramePacket[] } {
  const events: HostEvent[] = [];
  const packets: FramePacket[] = [];
  dispatchHostMessage(data, {
    onEvent: (event) => events.push(event),
    onFrames: (packet) => packets.push(packet),
    onLink: () => undefined,
  });
  return { events, packets };
}

/** 12 columns of min/max (more than 10, so that index keys "10", "11" must sort after "9"). */
const minMax = Float32Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? -1 : 1) * ((i + 1) / 24));
const INPUT: InputView = { minMax, seconds: 0.1, peakDb: -0.36, rmsDb: -9.5, clipped: true };

describe('dispatchHostMessage', () => {
  it('hands a binary frame packet to the frames handler with its rows, times and values', () => {
    const packet = {
      rows: 3,
      count: 2,
      firstFrameSeconds: 12.032,
      frameSeconds: 256 / 8000,
      data: Float32Array.of(0.5, 0.25, 0, 1e-6, 0.125, 2),
    };
    const { events, packets } = received(encodeFramePacket(packet));
    expect(events).toEqual([]);
    expect(packets).toHaveLength(1);
    const [got] = packets;
    expect(got?.rows).toBe(3);
    expect(got?.count).toBe(2);
    expect(got?.firstFrameSeconds).toBe(12.032);
    expect(got?.frameSeconds).toBe(0.032);
    expect(Array.from(got?.data ?? [])).toEqual(Array.from(packet.data));
  });

  it("reads an input view sent as the host's JSON: minMax as an array becomes a Float32Array", () => {
    const { events, packets } = received(encodeHostEvent({ type: 'input', view: INPUT }));
    expect(packets).toEqual([]);
    expect(events).toHaveLength(1);
    const [event] = events;
    if (event?.type !== 'input') throw new Error(`not an input event: ${JSON.stringify(event)}`);
    expect(event.view.minMax).toBeInstanceOf(Float32Array);
    // The host rounds the waveform to WAVEFORM_STEP of full scale for the text transports.
    Array.from(event.view.minMax).forEach((value, i) => {
      expect(Math.abs(value - (minMax[i] ?? 0))).toBeLessThanOrEqual(WAVEFORM_STEP / 2 + 1e-7);
    });
    expect(event.view.minMax).toHaveLength(minMax.length);
    expect(event.view).toMatchObject({ seconds: 0.1, peakDb: -0.36, rmsDb: -9.5, clipped: true });
  });

  it('reads a minMax written as an index-keyed object in index order', () => {
    // JSON.stringify of the Float32Array itself: {"0":…,"1":…,…,"10":…,"11":…}.
    const text = JSON.stringify({ type: 'input', view: INPUT });
    expect(text).toContain('"minMax":{"0":');
    const [event] = received(text).events;
    if (event?.type !== 'input') throw new Error('not an input event');
    expect(Array.from(event.view.minMax)).toEqual(Array.from(minMax));
  });

  it('keeps a cloned input view (MessagePort) as it came', () => {
    const [event] = received({ type: 'input', view: INPUT }).events;
    if (event?.type !== 'input') throw new Error('not an input event');
    expect(event.view.minMax).toBe(minMax);
  });

  it('reads a silent input view: levels sent as null stay null (shown as −∞ dB)', () => {
    const silent: InputView = {
      minMax: new Float32Array(24),
      seconds: 0.1,
      peakDb: null,
      rmsDb: null,
      clipped: false,
    };
    const [event] = received(encodeHostEvent({ type: 'input', view: silent })).events;
    expect(event).toEqual({ type: 'input', view: silent });
  });

  it('fills in what an input view lacks: no waveform, 0 s, no levels, not clipped', () => {
    const [event] = received(JSON.stringify({ type: 'input', view: { clipped: 'yes' } })).events;
    expect(event).toEqual({
      type: 'input',
      view: { minMax: new Float32Array(0), seconds: 0, peakDb: null, rmsDb: null, clipped: false },
    });
  });

  it('passes other events through as the host sent them', () => {
    const sent: HostEvent[] = [
      {
        type: 'stats',
        stats: { engineLoad: 0.12, droppedBlocks: 3, gapSamples: 0, overruns: 1 },
      },
      {
        type: 'notice',
        level: 'error',
        code: 'device-lost',
        message: 'the input device stopped sending audio',
      },
      { type: 'reply', id: 7, ok: false, error: { name: 'Error', message: 'no such source' } },
    ];
    for (const event of sent) {
      expect(received(encodeHostEvent(event)).events).toEqual([event]);
      expect(received(event).events).toEqual([event]);
    }
  });

  it('shows text that is not JSON, and a corrupt frame packet, as a notice', () => {
    const corrupt = encodeFramePacket({
      rows: 2,
      count: 1,
      firstFrameSeconds: 0,
      frameSeconds: 0.1,
      data: Float32Array.from([1, 2]),
    }).slice(0, 36);
    for (const data of ['{"type":"stat', corrupt]) {
      const { events, packets } = received(data);
      expect(packets).toEqual([]);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'notice', level: 'warning', code: 'engine-error' });
      expect((events[0] as { message: string }).message).toMatch(/cannot read/);
    }
  });

  it('ignores messages that are neither a frame packet nor an event', () => {
    for (const data of ['42', 'null', '"state"', '[1,2]', '{"state":{}}', '{"type":3}', 7, null]) {
      expect(received(data), JSON.stringify(data)).toEqual({ events: [], packets: [] });
    }
  });
});

describe('decodeHostEvent', () => {
  it('refuses values without a string type', () => {
    expect(decodeHostEvent(undefined)).toBeNull();
    expect(decodeHostEvent([{ type: 'stats' }])).toBeNull();
    expect(decodeHostEvent({ type: null })).toBeNull();
  });
});
