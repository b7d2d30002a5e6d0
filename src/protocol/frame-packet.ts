/**
 * Scattering frames for display, as one binary packet: what the engine host sends a UI over a
 * WebSocket (binary message) or a MessagePort (transferred ArrayBuffer).
 *
 * Layout, little-endian:
 *   bytes 0..3    magic 'SSF1' (0x53 0x53 0x46 0x31)
 *   bytes 4..7    uint32  rows
 *   bytes 8..11   uint32  count (frames)
 *   bytes 12..15  uint32  reserved (0)
 *   bytes 16..23  float64 firstFrameSeconds: centre of the first frame, in seconds of the stream
 *   bytes 24..31  float64 frameSeconds: time between frames (hop / sample rate)
 *   bytes 32..    float32 data [count, rows], row-major (frame by frame, rows in layout order)
 */

export interface FramePacket {
  readonly rows: number;
  readonly count: number;
  readonly firstFrameSeconds: number;
  readonly frameSeconds: number;
  /** [count, rows] row-major. */
  readonly data: Float32Array;
}

const MAGIC = 0x31465353; // 'SSF1' read as a little-endian uint32
const HEADER_BYTES = 32;

export function encodeFramePacket(packet: FramePacket): ArrayBuffer {
  const values = packet.rows * packet.count;
  if (packet.data.length !== values)
    throw new RangeError(
      `frame packet data holds ${packet.data.length} values, not rows × count = ${values}`,
    );
  const buffer = new ArrayBuffer(HEADER_BYTES + values * 4);
  const view = new DataView(buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, packet.rows, true);
  view.setUint32(8, packet.count, true);
  view.setUint32(12, 0, true);
  view.setFloat64(16, packet.firstFrameSeconds, true);
  view.setFloat64(24, packet.frameSeconds, true);
  new Float32Array(buffer, HEADER_BYTES, values).set(packet.data);
  return buffer;
}

/** Reads a packet; the data is a view on `buffer` (no copy). */
export function decodeFramePacket(buffer: ArrayBuffer): FramePacket {
  if (buffer.byteLength < HEADER_BYTES)
    throw new RangeError(`frame packet of ${buffer.byteLength} bytes is shorter than its header`);
  const view = new DataView(buffer);
  if (view.getUint32(0, true) !== MAGIC) throw new RangeError('not a frame packet (bad magic)');
  const rows = view.getUint32(4, true);
  const count = view.getUint32(8, true);
  const values = rows * count;
  if (buffer.byteLength !== HEADER_BYTES + values * 4)
    throw new RangeError(
      `frame packet of ${buffer.byteLength} bytes does not hold ${count} frames of ${rows} rows`,
    );
  return {
    rows,
    count,
    firstFrameSeconds: view.getFloat64(16, true),
    frameSeconds: view.getFloat64(24, true),
    data: new Float32Array(buffer, HEADER_BYTES, values),
  };
}
