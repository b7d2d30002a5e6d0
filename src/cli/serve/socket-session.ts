/**
 * One browser connected to the engine host over a WebSocket: requests in as JSON text, host
 * events out as JSON text, frame packets out as binary messages.
 *
 * Backpressure, per connection: frames wait while the socket's send buffer is above
 * FRAME_BUFFER_LIMIT and are merged meanwhile (latest wins, bounded), so a slow browser gets
 * fewer, larger packets and never an ever-growing queue; input views are skipped while it is
 * busy. State, notices and replies always go out.
 */
import type { Subscription } from 'rxjs';
import type { WebSocket, RawData } from 'ws';
import type { EngineHost } from '../../engine/host/engine-host.js';
import { mergeFramePackets } from '../../engine/host/frame-coalescer.js';
import { encodeFramePacket, type FramePacket } from '../../protocol/frame-packet.js';
import { encodeHostEvent } from '../../protocol/host-event-json.js';
import { parseUiRequest, type HostEvent } from '../../protocol/ui-messages.js';

/** Bytes waiting in a socket beyond which frames are held back and merged. */
const FRAME_BUFFER_LIMIT = 1 << 20;
/** ms between attempts to send held frames. */
const RETRY_MS = 33;

export class SocketSession {
  private readonly subscriptions: Subscription[] = [];
  private held: FramePacket | null = null;
  private readonly retry: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
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
    socket.on('message', (data, isBinary) => {
      this.onMessage(data, isBinary);
    });
    socket.on('close', () => {
      this.dispose();
    });
    socket.on('error', () => {
      this.dispose();
    });
  }

  private busy(): boolean {
    return this.socket.bufferedAmount > FRAME_BUFFER_LIMIT;
  }

  private offerFrames(packet: FramePacket | null): void {
    if (packet !== null) this.held = mergeFramePackets(this.held, packet);
    if (this.held === null || this.busy() || this.socket.readyState !== this.socket.OPEN) return;
    const held = this.held;
    this.held = null;
    this.socket.send(encodeFramePacket(held), { binary: true });
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.badRequest('requests are JSON text messages, not binary');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(rawText(data));
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

  private badRequest(message: string): void {
    this.send({ type: 'notice', level: 'warning', code: 'bad-request', message });
  }

  private send(event: HostEvent): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(encodeHostEvent(event));
  }

  private dispose(): void {
    clearInterval(this.retry);
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions.length = 0;
    this.held = null;
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
