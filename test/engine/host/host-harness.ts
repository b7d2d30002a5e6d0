/**
 * Drives the built EngineHost as a UI would: requests by type, every event and frame packet
 * kept, and waits on what the UI would see.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Subscription } from 'rxjs';
import type {
  EngineHost as Host,
  EngineHostOptions,
  ReplyEvent,
} from '../../../src/engine/host/engine-host.js';
import type { FramePacket } from '../../../src/protocol/frame-packet.js';
import { applyProgress } from '../../../src/protocol/host-progress.js';
import type {
  HostEvent,
  HostState,
  UiEngineParams,
  UiRequest,
} from '../../../src/protocol/ui-messages.js';
import { importBuilt } from '../../support/built.js';
import { float32Wav } from '../../support/wav-builder.js';

export const SAMPLE_RATE = 16_000;

/** A small, fast bank (as the live-path tests use). */
export const SMALL_PARAMS: UiEngineParams = {
  J: 6,
  Q1: 4,
  Q2: 1,
  T: null,
  oversampling: 0,
  maxOrder: 2,
};

/** A linear chirp from `fromHz` to `toHz`, amplitude 0.5, as float32 values. */
export function chirp(seconds: number, fromHz: number, toHz: number): Float32Array {
  const n = Math.round(seconds * SAMPLE_RATE);
  const out = new Float32Array(n);
  const rate = (toHz - fromHz) / seconds;
  for (let i = 0; i < n; i++) {
    const t = i / SAMPLE_RATE;
    out[i] = 0.5 * Math.sin(2 * Math.PI * (fromHz * t + (rate * t * t) / 2));
  }
  return out;
}

/** Writes `samples` as a mono float32 WAV at SAMPLE_RATE. */
export function writeWav(dir: string, name: string, samples: Float32Array): string {
  const path = join(dir, name);
  writeFileSync(path, float32Wav(Array.from(samples), 1, SAMPLE_RATE));
  return path;
}

type RequestBody = UiRequest extends infer R
  ? R extends UiRequest
    ? Omit<R, 'id'>
    : never
  : never;

export class HostHarness {
  readonly events: HostEvent[] = [];
  readonly packets: FramePacket[] = [];
  /** Rows of the layout each state announced and of each packet, in the order they came. */
  readonly sequence: { readonly kind: 'state' | 'packet'; readonly rows: number | null }[] = [];
  private readonly subscriptions: Subscription[];
  private nextId = 1;

  private constructor(readonly host: Host) {
    this.subscriptions = [
      host.events$.subscribe((event) => {
        this.events.push(event);
        if (event.type === 'state')
          this.sequence.push({ kind: 'state', rows: event.state.layout?.paths.length ?? null });
      }),
      host.frames$.subscribe((packet) => {
        this.packets.push(packet);
        this.sequence.push({ kind: 'packet', rows: packet.rows });
      }),
    ];
  }

  static async create(options: Partial<EngineHostOptions> = {}): Promise<HostHarness> {
    const { EngineHost } = await importBuilt<{ EngineHost: typeof Host }>(
      'src/engine/host/engine-host.js',
    );
    return new HostHarness(
      new EngineHost({
        settings: { precision: 'float32', channel: 'mix' },
        engine: SMALL_PARAMS,
        ...options,
      }),
    );
  }

  request(body: RequestBody): Promise<ReplyEvent> {
    return this.host.handle({ ...body, id: this.nextId++ });
  }

  /** Sends `body` and fails with the host's reason when it is refused. */
  async ok(body: RequestBody): Promise<void> {
    const reply = await this.request(body);
    if (!reply.ok) throw new Error(`${body.type} refused: ${reply.error?.message ?? '?'}`);
  }

  get state(): HostState {
    return this.host.state;
  }

  notices(): Extract<HostEvent, { type: 'notice' }>[] {
    return this.eventsOf('notice');
  }

  /** Events of one type, from `from` (an index into `events`) on. */
  eventsOf<T extends HostEvent['type']>(type: T, from = 0): Extract<HostEvent, { type: T }>[] {
    return this.events
      .slice(from)
      .filter((e): e is Extract<HostEvent, { type: T }> => e.type === type);
  }

  /** The state as a UI knows it from the events: the last 'state' with 'progress' applied. */
  told(): HostState | null {
    let state: HostState | null = null;
    for (const event of this.events) {
      if (event.type === 'state') state = event.state;
      else if (event.type === 'progress' && state !== null)
        state = applyProgress(state, event.progress);
    }
    return state;
  }

  /** Frames received so far. */
  frameCount(): number {
    return this.packets.reduce((sum, p) => sum + p.count, 0);
  }

  /** Resolves when `condition` holds (checked every 20 ms); fails after `timeoutMs`. */
  async until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    const start = performance.now();
    while (!condition()) {
      if (performance.now() - start > timeoutMs)
        throw new Error(`timed out after ${String(timeoutMs)} ms waiting for ${what}`);
      await sleep(20);
    }
  }

  async close(): Promise<void> {
    await this.host.close();
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
