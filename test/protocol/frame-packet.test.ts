/**
 * Frame packets: what a UI decodes is what the host encoded, and a damaged packet is refused
 * with the reason rather than read as wrong frames.
 */
import { describe, expect, it } from 'vitest';
import { decodeFramePacket, encodeFramePacket } from '../../src/protocol/frame-packet.js';

const packet = {
  rows: 3,
  count: 2,
  firstFrameSeconds: 12.345,
  frameSeconds: 256 / 44_100,
  data: Float32Array.from([1, 2, 3, 4.5, -5, 6e-7]),
};

describe('frame packets', () => {
  it('round-trips rows, count, times and every value', () => {
    const decoded = decodeFramePacket(encodeFramePacket(packet));
    expect(decoded.rows).toBe(3);
    expect(decoded.count).toBe(2);
    expect(decoded.firstFrameSeconds).toBe(12.345);
    expect(decoded.frameSeconds).toBe(256 / 44_100);
    expect(Array.from(decoded.data)).toEqual(Array.from(packet.data));
  });

  it('is 32 bytes of header and 4 bytes per value, and may be empty', () => {
    expect(encodeFramePacket(packet).byteLength).toBe(32 + 6 * 4);
    const empty = decodeFramePacket(
      encodeFramePacket({ ...packet, count: 0, data: new Float32Array(0) }),
    );
    expect(empty.count).toBe(0);
    expect(empty.data.length).toBe(0);
  });

  it('refuses data that does not fill rows × count', () => {
    expect(() => encodeFramePacket({ ...packet, count: 3 })).toThrow(
      'frame packet data holds 6 values, not rows × count = 9',
    );
  });

  it('refuses a short, foreign or truncated packet', () => {
    expect(() => decodeFramePacket(new ArrayBuffer(10))).toThrow(/shorter than its header/);
    const foreign = encodeFramePacket(packet);
    new Uint8Array(foreign)[0] = 0x58;
    expect(() => decodeFramePacket(foreign)).toThrow(/bad magic/);
    const truncated = encodeFramePacket(packet).slice(0, 32 + 5 * 4);
    expect(() => decodeFramePacket(truncated)).toThrow(/does not hold 2 frames of 3 rows/);
  });
});
