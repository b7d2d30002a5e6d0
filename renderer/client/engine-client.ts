/**
 * Requests with ids and their replies, over any transport. `request` resolves when the host
 * replies ok and rejects with the host's error message otherwise (or when no reply comes within
 * `REPLY_TIMEOUT_MS`, as when the link drops).
 */
import type { FramePacket } from '../../src/protocol/frame-packet.js';
import type { HostEvent, UiRequest } from '../../src/protocol/ui-messages.js';
import type { EngineTransport } from '../transport/engine-transport.js';

/** A request without its id: the client numbers them. */
export type UiRequestBody = UiRequest extends infer R
  ? R extends unknown
    ? Omit<R, 'id'>
    : never
  : never;

/** Host events other than replies. */
export type HostNews = Exclude<HostEvent, { type: 'reply' }>;

export interface ClientListeners {
  readonly onNews: (event: HostNews) => void;
  readonly onFrames: (packet: FramePacket) => void;
}

const REPLY_TIMEOUT_MS = 30_000;

interface Pending {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private transport: EngineTransport | null = null;

  constructor(private readonly listeners: ClientListeners) {}

  attach(transport: EngineTransport): void {
    this.transport = transport;
  }

  request(body: UiRequestBody): Promise<void> {
    const transport = this.transport;
    if (transport === null) return Promise.reject(new Error('not connected to the engine'));
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the engine did not answer "${body.type}" within 30 s`));
      }, REPLY_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      transport.send({ ...body, id });
    });
  }

  handleEvent(event: HostEvent): void {
    if (event.type !== 'reply') {
      this.listeners.onNews(event);
      return;
    }
    const pending = this.pending.get(event.id);
    if (pending === undefined) return;
    this.pending.delete(event.id);
    clearTimeout(pending.timer);
    if (event.ok) pending.resolve();
    else pending.reject(new Error(event.error?.message ?? 'the engine refused the request'));
  }

  handleFrames(packet: FramePacket): void {
    this.listeners.onFrames(packet);
  }
}
