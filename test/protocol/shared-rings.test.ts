/**
 * The shared-memory rings between the engine host and its DSP worker: commands and frames come
 * out in order and intact, across the ring's end and across the counters' wrap, a full ring
 * refuses rather than overwrites, and frames that outgrow the ring go out early rather than
 * being lost. (The two sides in one thread here; test/worker runs them across threads.)
 */
import { describe, expect, it } from 'vitest';
import { CommandRing, type RingCommand } from '../../src/protocol/command-ring.js';
import { FrameRing, type RingPacket } from '../../src/protocol/frame-ring.js';

/** What the worker takes from a ring, with the samples copied. */
function takeAll(ring: CommandRing): (RingCommand & { values?: number[] })[] {
  const taken = [];
  for (let command = ring.peek(); command !== undefined; command = ring.peek()) {
    taken.push(
      command.kind === 'audio' ? { ...command, values: Array.from(command.samples) } : command,
    );
    ring.release();
  }
  return taken;
}

function sendAudio(ring: CommandRing, values: number[], sampleIndex: number, final = true): void {
  const slot = ring.nextSamples();
  if (slot === undefined) throw new Error('ring full');
  slot.set(values);
  ring.publishAudio(values.length, sampleIndex, final);
}

describe('command ring', () => {
  it('hands the worker blocks and controls in the order sent, each with its samples', () => {
    const host = CommandRing.create(4, 8);
    const worker = CommandRing.attach(host.buffer);
    sendAudio(host, [1, 2, 3], 1000);
    host.publishControl('reset');
    sendAudio(host, [-4.5, 5], 2e9, false);
    host.publishControl('flush');
    expect(host.free).toBe(0);
    const taken = takeAll(worker);
    expect(taken.map((c) => c.kind)).toEqual(['audio', 'reset', 'audio', 'flush']);
    expect(taken[0]).toMatchObject({ values: [1, 2, 3], sampleIndex: 1000, final: true });
    // Sample indices beyond 2^31 (hours of audio) survive; float32 samples as sent.
    expect(taken[2]).toMatchObject({ values: [-4.5, 5], sampleIndex: 2e9, final: false });
    expect(host.free).toBe(4);
  });

  it('refuses a command when full instead of overwriting one not yet taken', () => {
    const host = CommandRing.create(2, 4);
    sendAudio(host, [1], 0);
    sendAudio(host, [2], 1);
    expect(host.nextSamples()).toBeUndefined();
    expect(() => {
      host.publishControl('flush');
    }).toThrow(/full/);
    const worker = CommandRing.attach(host.buffer);
    worker.peek();
    worker.release();
    sendAudio(host, [3], 2);
    expect(takeAll(worker).map((c) => (c.kind === 'audio' ? c.values : []))).toEqual([[2], [3]]);
  });

  it('keeps its order when the counts wrap past 2^31 and 2^32', () => {
    const host = CommandRing.create(4, 2);
    const worker = CommandRing.attach(host.buffer);
    // Both counts just before the wrap, as after 2^31 commands (about 3 years of live blocks).
    const counts = new Int32Array(host.buffer, 0, 2);
    counts[0] = 2 ** 31 - 3;
    counts[1] = 2 ** 31 - 3;
    const sent: number[] = [];
    const received: number[] = [];
    // Past 2^31 (negative Int32) and on past 2^32 (zero again).
    for (let n = 0; n < 40; n++) {
      sendAudio(host, [n], n);
      sent.push(n);
      if (n % 3 === 2) for (const c of takeAll(worker)) received.push(c.values?.[0] ?? NaN);
    }
    for (const c of takeAll(worker)) received.push(c.values?.[0] ?? NaN);
    expect(received).toEqual(sent);
  });

  it('says whether a command came within the wait', () => {
    const host = CommandRing.create(2, 2);
    const worker = CommandRing.attach(host.buffer);
    const started = performance.now();
    expect(worker.waitForCommand(20)).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    host.publishControl('reset');
    expect(worker.waitForCommand(10_000)).toBe(true);
  });

  it('refuses sizes it cannot wrap or fill', () => {
    expect(() => CommandRing.create(3, 16)).toThrow(/power of two/);
    expect(() => CommandRing.create(4, 0)).toThrow(/samples per slot/);
    const host = CommandRing.create(2, 4);
    expect(() => {
      host.publishAudio(5, 0, true);
    }).toThrow(/does not fit/);
  });
});

describe('frame ring', () => {
  /** The host's side: every packet read as soon as it is announced, frame by frame. */
  function hostReader(
    ring: FrameRing,
    rows: number,
  ): { frames: number[][]; read: (p: RingPacket) => void } {
    const host = FrameRing.attach(ring.buffer);
    const into = new Float32Array(host.capacity);
    const frames: number[][] = [];
    return {
      frames,
      read: (packet) => {
        host.read(packet, rows, into);
        for (let k = 0; k < packet.count; k++)
          frames.push(Array.from(into.subarray(k * rows, (k + 1) * rows)));
      },
    };
  }

  const frame = (n: number, rows: number): Float32Array =>
    Float32Array.from({ length: rows }, (_, r) => n * 10 + r);

  it('carries packets of frames intact, across the end of the ring', () => {
    const rows = 3;
    const worker = FrameRing.create(16);
    const host = hostReader(worker, rows);
    const noEarly = (): void => {
      throw new Error('sent early');
    };
    // Packets of 1 to 3 frames: frames of 3 values straddle the end of 16 again and again.
    let n = 0;
    for (let packet = 0; packet < 20; packet++) {
      for (let k = 0; k <= packet % 3; k++) worker.add(frame(n++, rows), noEarly);
      const taken = worker.take();
      if (taken !== undefined) host.read(taken);
    }
    expect(worker.take()).toBeUndefined();
    expect(host.frames).toEqual(Array.from({ length: n }, (_, i) => Array.from(frame(i, rows))));
  });

  it('sends a packet early when the ring is full, then goes on', () => {
    const rows = 5;
    const worker = FrameRing.create(16);
    const host = hostReader(worker, rows);
    const early: RingPacket[] = [];
    // Eleven frames in one packet: 55 values through a ring of 16.
    for (let n = 0; n < 11; n++) {
      worker.add(frame(n, rows), (packet) => {
        early.push(packet);
        host.read(packet);
      });
    }
    const last = worker.take();
    if (last !== undefined) host.read(last);
    expect(early.length).toBeGreaterThan(1);
    expect(early.every((p) => p.count * rows <= 16)).toBe(true);
    expect(host.frames).toEqual(Array.from({ length: 11 }, (_, i) => Array.from(frame(i, rows))));
  });

  it('stores float64 frames as float32, and forgets a discarded packet', () => {
    const worker = FrameRing.create(16);
    const host = hostReader(worker, 2);
    worker.add(Float64Array.from([1 / 3, -2]), () => undefined);
    worker.discard();
    worker.add(Float64Array.from([0.1, 7]), () => undefined);
    const packet = worker.take();
    expect(packet).toEqual({ at: 0, count: 1 });
    if (packet !== undefined) host.read(packet);
    expect(host.frames).toEqual([[Math.fround(0.1), 7]]);
  });

  it('refuses a capacity it cannot wrap, and frames larger than itself', () => {
    expect(() => FrameRing.create(24)).toThrow(/power of two/);
    const worker = FrameRing.create(4);
    expect(() => {
      worker.add(new Float32Array(5), () => undefined);
    }).toThrow(/do not fit/);
  });
});
