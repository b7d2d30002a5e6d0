/**
 * One UI connected to the engine host, whatever carries it (a WebSocket in `serve` mode, a
 * MessagePort in the desktop app): requests in as JSON text, host events out as JSON text,
 * frame packets out as binary messages.
 *
 * Backpressure, per connection: frames wait while the channel holds more than
 * FRAME_BUFFER_LIMIT unsent bytes and are merged meanwhile (latest wins, bounded), so a slow UI
 * gets fewer, larger packets and never an ever-growing queue; input views are skipped while it
 * is busy. State, notices and replies always go out.
 */
import type { Subscription } from 'rxjs';
import { encodeFramePacket, type FramePacket } from '../../protocol/frame-packet.js';
import { encodeHostEvent } from '../../protocol/host-event-json.js';
import { parseUiRequest, type HostEvent } from '../../protocol/ui-messages.js';
import type { EngineHost } from './engine-host.js';
import { mergeFramePackets } from './frame-coalescer.js';

/** What a UI session needs of its transport. */
export interface UiChannel {
  sendText(text: string): void;
  sendBinary(buffer: ArrayBuffer): void;
  /** Bytes accepted but not yet delivered (0 when the transport cannot tell). */
  readonly bufferedBytes: number;
  readonly open: boolean;
  close(): void;
}

export interface UiChannelEvents {
  onText(text: string): void;
  onBinary(): void;
  onClose(): void;
}

/** Bytes waiting in a channel beyond which frames are held back and merged. */
const FRAME_BUFFER_LIMIT = 1 << 20;
/** ms between attempts to send held frames. */
const RETRY_MS = 33;

export class UiSession {
  private readonly subscriptions: Subscription[] = [];
  private held: FramePacket | null = null;
  private readonly retry: NodeJS.Timeout;
  private disposed = false;

  constructor(
    private readonly channel: UiChannel,
    private readonly host: EngineHost,
  ) {
    this.send({ type: 'state', state: host.state });
    this.subscriptions.push(
      host.events$.subscribe((event) => {
        if (event.type === 'input' && this.busy()) return;
        this.send(event);
      }),
      host.frames$.subscribe((packet) => {
        this.offerFrames(packet);
      }),
    );
    this.retry = setInterval(() => {
      if (this.held !== null) this.offerFrames(null);
    }, RETRY_MS);
  }

  /** A text message from the UI: one JSON request. */
  receiveText(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.badRequest('a request must be JSON');
      return;
    }
    const request = parseUiRequest(value);
    if (typeof request === 'string') {
      const id = (value as { id?: unknown } | null)?.id;
      if (typeof id === 'number' && Number.isInteger(id)) {
        this.send({
          type: 'reply',
          id,
          ok: false,
          error: { name: 'BadRequest', message: request },
        });
      } else {
        this.badRequest(request);
      }
      return;
    }
    void this.host.handle(request).then((reply) => {
      this.send(reply);
    });
  }

  /** A binary message from the UI: never valid (requests are text). */
  receiveBinary(): void {
    this.badRequest('requests are JSON text messages, not binary');
  }

  /** The channel closed: stop sending. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.retry);
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions.length = 0;
    this.held = null;
  }

  private busy(): boolean {
    return this.channel.bufferedBytes > FRAME_BUFFER_LIMIT;
  }

  private offerFrames(packet: FramePacket | null): void {
    if (packet !== null) this.held = mergeFramePackets(this.held, packet);
    if (this.held === null || this.busy() || !this.channel.open) return;
    const held = this.held;
    this.held = null;
    this.channel.sendBinary(encodeFramePacket(held));
  }

  private badRequest(message: string): void {
    this.send({ type: 'notice', level: 'warning', code: 'bad-request', message });
  }

  private send(event: HostEvent): void {
    if (this.channel.open) this.channel.sendText(encodeHostEvent(event));
  }
}
