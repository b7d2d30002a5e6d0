/**
 * Frames for display: the worker's frames gathered between two display ticks into one packet,
 * and packets merged while a slow transport is busy. Memory stays bounded: beyond `maxFrames`
 * the oldest frames are dropped (a display shows the latest; the recording path never passes
 * here).
 */
import type { FramePacket } from '../../protocol/frame-packet.js';

/** Frames kept waiting at most: ~6 s at a 128-sample hop and 44.1 kHz, far beyond any screen. */
export const MAX_PENDING_FRAMES = 2048;

/** Whether `b` continues `a` (same rows, same spacing, its first frame right after a's last). */
function continues(a: FramePacket, b: FramePacket): boolean {
  if (a.rows !== b.rows || a.frameSeconds !== b.frameSeconds) return false;
  const expected = a.firstFrameSeconds + a.count * a.frameSeconds;
  // Frame times are whole hops over a sample rate: a tenth of a hop tells adjacent from not.
  return Math.abs(b.firstFrameSeconds - expected) < 0.1 * a.frameSeconds;
}

/**
 * `b` appended to `a` when it continues it, keeping the last `maxFrames` frames; otherwise `b`
 * alone (the latest wins: a display cannot show two disjoint runs as one packet).
 */
export function mergeFramePackets(
  a: FramePacket | null,
  b: FramePacket,
  maxFrames = MAX_PENDING_FRAMES,
): FramePacket {
  const base = a !== null && continues(a, b) ? a : null;
  const total = (base?.count ?? 0) + b.count;
  const count = Math.min(total, maxFrames);
  const skip = total - count;
  if (base === null && skip === 0) return b;
  const data = new Float32Array(count * b.rows);
  const joined = base === null ? b.data : concat(base.data, b.data);
  data.set(joined.subarray(skip * b.rows));
  const first = base ?? b;
  return {
    rows: b.rows,
    count,
    firstFrameSeconds: first.firstFrameSeconds + skip * b.frameSeconds,
    frameSeconds: b.frameSeconds,
    data,
  };
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Collects frames between display ticks. */
export class FrameCoalescer {
  private pending: FramePacket | null = null;
  private readonly ready: FramePacket[] = [];

  /** Frames `data` ([count, rows]); the first centred at `firstFrameSeconds` of the stream. */
  add(packet: FramePacket): void {
    if (packet.count === 0) return;
    const merged = mergeFramePackets(this.pending, packet);
    // A run that does not continue the pending one (frames dropped under load) goes out on its
    // own rather than being lost, as long as it is whole.
    if (this.pending !== null && merged === packet && this.ready.length === 0)
      this.ready.push(this.pending);
    this.pending = merged;
  }

  /** What gathered since the last tick: usually one packet, none when nothing came. */
  take(): FramePacket[] {
    const out =
      this.pending === null ? this.ready.splice(0) : [...this.ready.splice(0), this.pending];
    this.pending = null;
    return out;
  }

  clear(): void {
    this.pending = null;
    this.ready.length = 0;
  }
}
