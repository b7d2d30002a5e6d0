/** Play/pause, the seek bar, speed and loop of a replay. */
import type { HostState, ReplaySpeed } from '../../src/protocol/ui-messages.js';
import { byTestId, formatClock } from './dom.js';
import type { Requester } from './source-controls.js';

/** The speed select's value for 'max' (as fast as the engine goes). */
const MAX_SPEED_VALUE = '0';

export class ReplayControls {
  private readonly playPause = byTestId('play-pause', HTMLButtonElement);
  private readonly seek = byTestId('seek', HTMLInputElement);
  private readonly position = byTestId('position', HTMLSpanElement);
  private readonly speed = byTestId('speed', HTMLSelectElement);
  private readonly loop = byTestId('loop', HTMLInputElement);
  /** The user is dragging the seek bar: the host's position does not move it. */
  private seeking = false;
  private paused = false;
  private replaying = false;

  constructor(
    private readonly request: Requester,
    initial: { speed: number; loop: boolean },
    onChange: (choice: { speed: number; loop: boolean }) => void,
  ) {
    this.speed.value = String(initial.speed);
    this.loop.checked = initial.loop;
    this.playPause.addEventListener('click', () => this.togglePause());
    this.seek.addEventListener('input', () => {
      this.seeking = true;
      this.position.textContent = `${formatClock(Number(this.seek.value))} / ${formatClock(Number(this.seek.max))}`;
    });
    this.seek.addEventListener('change', () => {
      this.seeking = false;
      void this.request({ type: 'seek', seconds: Number(this.seek.value) });
    });
    // Outside a replay the choice waits for the next one (`applyChoices`).
    this.speed.addEventListener('change', () => {
      if (this.replaying) void this.request({ type: 'set-speed', speed: this.chosenSpeed() });
      onChange({ speed: Number(this.speed.value), loop: this.loop.checked });
    });
    this.loop.addEventListener('change', () => {
      if (this.replaying) void this.request({ type: 'set-loop', loop: this.loop.checked });
      onChange({ speed: Number(this.speed.value), loop: this.loop.checked });
    });
  }

  private chosenSpeed(): ReplaySpeed {
    return this.speed.value === MAX_SPEED_VALUE ? 'max' : Number(this.speed.value);
  }

  get isReplaying(): boolean {
    return this.replaying;
  }

  togglePause(): void {
    if (!this.replaying) return;
    void this.request({ type: this.paused ? 'resume' : 'pause' });
  }

  /** Applies the page's speed and loop to a replay that just started. */
  applyChoices(): void {
    void this.request({ type: 'set-speed', speed: this.chosenSpeed() });
    void this.request({ type: 'set-loop', loop: this.loop.checked });
  }

  showState(state: HostState): void {
    const replay = state.mode === 'replay' ? state.replay : null;
    this.replaying = replay !== null;
    this.paused = replay?.paused ?? false;
    this.playPause.disabled = replay === null;
    this.seek.disabled = replay === null;
    this.playPause.textContent = this.paused ? 'Play' : 'Pause';
    this.playPause.setAttribute('aria-pressed', String(this.paused));
    if (replay === null) {
      this.position.textContent = '–:– / –:–';
      return;
    }
    if (!this.seeking) {
      this.seek.max = String(replay.durationSeconds);
      this.seek.value = String(replay.positionSeconds);
      this.position.textContent = `${formatClock(replay.positionSeconds)} / ${formatClock(replay.durationSeconds)}`;
    }
  }
}
