/**
 * One input (a microphone, or a file being replayed) that outlives the analyses of it.
 *
 *   source.chunks$ ─ re-indexed as one continuous stream ─┬─ taps (recorder, level meter), in order
 *                                                          └─ views: one AudioSource per analysis
 *
 * An analysis closing its view (a change of engine parameters) does not stop the input, so a
 * recording tapping the feed goes on without a gap. The underlying source can also be replaced
 * (a replay reopened at another speed) without the stream's sample indices jumping: to the taps
 * and views it is the same signal going on.
 */
import { BehaviorSubject, Subject, type Observable, type Subscription } from 'rxjs';
import type { AudioChunk, AudioSource, AudioSourceStatus } from '../../pipeline/audio-source.js';

export type FeedTap = (chunk: AudioChunk) => void;

/** Why the input ended by itself: its last status ('ended', 'device-lost', 'error'). */
export type FeedEnd = AudioSourceStatus;

export class InputFeed {
  readonly sampleRate: number;
  readonly channelCount: number;
  readonly status$: BehaviorSubject<AudioSourceStatus>;
  /** Resolves when the input ends by itself (end of file, device lost, a source error). */
  readonly ended: Promise<FeedEnd>;

  /** Stream index of the next sample (per channel): samples delivered so far. */
  private next = 0;
  private readonly taps = new Set<FeedTap>();
  private readonly views = new Set<FeedView>();
  private current: { source: AudioSource; subscriptions: Subscription[] } | null = null;
  private closed = false;
  private endWith: (end: FeedEnd) => void = () => undefined;

  constructor(source: AudioSource) {
    this.sampleRate = source.sampleRate;
    this.channelCount = source.channelCount;
    this.status$ = new BehaviorSubject<AudioSourceStatus>({
      state: 'starting',
      overruns: 0,
      droppedBlocks: 0,
    });
    this.ended = new Promise((resolve) => {
      this.endWith = resolve;
    });
    this.attach(source);
  }

  /** Samples (per channel) delivered so far: the stream index of the next chunk. */
  get samplesDelivered(): number {
    return this.next;
  }

  /** Calls `tap` with every chunk from now on, synchronously and in order; returns its removal. */
  addTap(tap: FeedTap): () => void {
    this.taps.add(tap);
    return () => {
      this.taps.delete(tap);
    };
  }

  /**
   * An AudioSource for one analysis: the chunks from now on, numbered from 0 at this point.
   * Closing it detaches it only; `offset` is its first sample's index in the feed's stream.
   */
  openView(): FeedView {
    const view = new FeedView(this, this.next, () => {
      this.views.delete(view);
    });
    if (this.closed) view.end();
    else this.views.add(view);
    return view;
  }

  /**
   * Continues the stream from `source` (same rate and channels): the old source is detached and
   * closed first, so its end is not the feed's end.
   */
  async replace(source: AudioSource): Promise<void> {
    if (source.sampleRate !== this.sampleRate || source.channelCount !== this.channelCount) {
      await source.close();
      throw new Error(
        `a replacement input must have ${String(this.channelCount)} channel(s) at ${String(this.sampleRate)} Hz`,
      );
    }
    const old = this.detach();
    if (this.closed) {
      await source.close();
    } else {
      this.attach(source);
    }
    await old?.close();
  }

  /** Stops the input and ends every view. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const old = this.detach();
    this.endViews();
    await old?.close();
    this.status$.next({ ...this.status$.value, state: 'closed' });
    this.status$.complete();
  }

  private attach(source: AudioSource): void {
    const subscriptions: Subscription[] = [];
    this.current = { source, subscriptions };
    subscriptions.push(
      source.status$.subscribe((status) => {
        // The feed says 'closed' itself, when it is closed (not when a source is replaced).
        if (status.state !== 'closed') this.status$.next(status);
      }),
      source.chunks$.subscribe({
        next: (chunk) => {
          this.deliver(chunk);
        },
        complete: () => {
          this.finish();
        },
        error: (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          if (this.status$.value.state !== 'error')
            this.status$.next({ ...this.status$.value, state: 'error', message });
          this.finish();
        },
      }),
    );
  }

  private detach(): AudioSource | undefined {
    const current = this.current;
    this.current = null;
    for (const subscription of current?.subscriptions ?? []) subscription.unsubscribe();
    return current?.source;
  }

  private deliver(chunk: AudioChunk): void {
    const indexed: AudioChunk = {
      channels: chunk.channels,
      sampleIndex: this.next,
      captureTime: chunk.captureTime,
    };
    this.next += chunk.channels[0]?.length ?? 0;
    for (const tap of this.taps) tap(indexed);
    for (const view of this.views) view.push(indexed);
  }

  /** The source ended by itself: end the views, so that their analyses can finish. */
  private finish(): void {
    if (this.closed) return;
    const status = this.status$.value;
    this.endViews();
    this.endWith(status.state === 'running' ? { ...status, state: 'ended' } : status);
  }

  private endViews(): void {
    for (const view of [...this.views]) view.end();
  }
}

/** One analysis's view of a feed: its own sample numbering from 0, its own end. */
export class FeedView implements AudioSource {
  readonly sampleRate: number;
  readonly channelCount: number;
  readonly chunks$: Observable<AudioChunk>;
  readonly status$: Observable<AudioSourceStatus>;

  private readonly chunks = new Subject<AudioChunk>();

  constructor(
    feed: InputFeed,
    /** The feed's stream index of this view's sample 0. */
    readonly offset: number,
    private readonly onClose: () => void,
  ) {
    this.sampleRate = feed.sampleRate;
    this.channelCount = feed.channelCount;
    this.chunks$ = this.chunks.asObservable();
    this.status$ = feed.status$.asObservable();
  }

  push(chunk: AudioChunk): void {
    this.chunks.next({ ...chunk, sampleIndex: chunk.sampleIndex - this.offset });
  }

  end(): void {
    this.onClose();
    this.chunks.complete();
  }

  close(): Promise<void> {
    this.end();
    return Promise.resolve();
  }
}
