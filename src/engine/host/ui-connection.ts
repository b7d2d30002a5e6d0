/**
 * One UI attached to the engine host over any transport (a WebSocket, an Electron MessagePort):
 * requests in, replies and events out, frame packets out with backpressure.
 *
 * The transport says when it is busy (its send buffer is full); frames then wait and are merged
 * (latest wins, bounded), so a slow UI gets fewer, larger packets and never a growing queue;
 * input views are skipped meanwhile. State, progress, notices and replies always go out.
 */
import type { Subscription } from 'rxjs';
import type { FramePacket } from '../../protocol/frame-packet.js';
import { parseUiRequest, type HostEvent } from '../../protocol/ui-messages.js';
import type { EngineHost } from './engine-host.js';
import { mergeFramePackets } from './frame-coalescer.js';

export interface UiSink {
  sendEvent(event: HostEvent): void;
  sendFrames(packet: FramePacket): void;
  /** True while the transport cannot take more frames now (a slow UI). */
  busy(): boolean;
}

/** ms between attempts to send frames held while the transport was busy. */
const RETRY_MS = 33;

export class UiConnection {
  private readonly subscriptions: Subscription[];
  private held: FramePacket | null = null;
  private readonly retry: NodeJS.Timeout;
  private closed = false;

  /** Attaches a UI: it gets the host's state at once, then every event and frame. */
  constructor(
    private readonly host: EngineHost,
    private readonly sink: UiSink,
  ) {
    sink.sendEvent({ type: 'state', state: host.state });
    this.subscriptions = [
      host.events$.subscribe((event) => {
        if (event.type === 'input' && sink.busy()) return;
        sink.sendEvent(event);
      }),
      host.frames$.subscribe((packet) => {
        this.offerFrames(packet);
      }),
    ];
    this.retry = setInterval(() => {
      if (this.held !== null) this.offerFrames(null);
    }, RETRY_MS);
    this.retry.unref();
  }

  /** A text message from the UI (a WebSocket's or a MessagePort's): one request as JSON. */
  receiveText(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.refuse('a request must be JSON');
      return;
    }
    this.receive(value);
  }

  /**
   * A message from the UI, as the transport decoded it (parsed JSON, a structured clone):
   * checked, run, and answered with a reply; a malformed one is answered with the reason.
   */
  receive(message: unknown): void {
    if (this.closed) return;
    const request = parseUiRequest(message);
    if (typeof request !== 'string') {
      void this.host.handle(request).then((reply) => {
        if (!this.closed) this.sink.sendEvent(reply);
      });
      return;
    }
    const id = (message as { id?: unknown } | null)?.id;
    if (typeof id === 'number' && Number.isInteger(id)) {
      this.sink.sendEvent({
        type: 'reply',
        id,
        ok: false,
        error: { name: 'BadRequest', message: request },
      });
    } else {
      this.refuse(request);
    }
  }

  /** Tells the UI a message could not be read at all (not JSON, binary). */
  refuse(reason: string): void {
    if (!this.closed)
      this.sink.sendEvent({
        type: 'notice',
        level: 'warning',
        code: 'bad-request',
        message: reason,
      });
  }

  /** Detaches the UI (its transport closed). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.retry);
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.held = null;
  }

  private offerFrames(packet: FramePacket | null): void {
    if (packet !== null) this.held = mergeFramePackets(this.held, packet);
    if (this.held === null || this.sink.busy()) return;
    const held = this.held;
    this.held = null;
    this.sink.sendFrames(held);
  }
}
