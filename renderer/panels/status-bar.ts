/**
 * The status bar: what is analysed (device or file), sample rate, hop, algorithmic latency,
 * engine CPU load, dropped blocks, and the recording's time and size.
 */
import type { HostState, HostStats } from '../../src/protocol/ui-messages.js';
import { byTestId } from '../controls/dom.js';

export type StatusField =
  'link' | 'input' | 'rate' | 'hop' | 'latency' | 'load' | 'dropped' | 'recording';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

function formatDuration(seconds: number): string {
  const whole = Math.floor(seconds);
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}

const FIELDS: readonly StatusField[] = [
  'link',
  'input',
  'rate',
  'hop',
  'latency',
  'load',
  'dropped',
  'recording',
];

export class StatusBar {
  /** Each field is the page's `status-<field>` element. */
  private readonly fields = Object.fromEntries(
    FIELDS.map((field) => [field, byTestId(`status-${field}`, HTMLElement)]),
  ) as Record<StatusField, HTMLElement>;

  private set(field: StatusField, text: string): void {
    const element = this.fields[field];
    if (element.textContent !== text) element.textContent = text;
  }

  showLink(open: boolean): void {
    this.set('link', open ? 'connected' : 'disconnected');
    this.fields.link.classList.toggle('bad', !open);
  }

  showState(state: HostState): void {
    const input =
      state.mode === 'live'
        ? `mic: ${state.device ?? 'default'}`
        : state.mode === 'replay' && state.replay !== null
          ? `file: ${state.replay.label}${state.replay.paused ? ' (paused)' : ''}`
          : state.mode;
    this.set('input', input);
    const layout = state.layout;
    this.set('rate', layout === null ? '— Hz' : `${layout.sampleRate} Hz`);
    this.set(
      'hop',
      layout === null
        ? 'hop —'
        : `hop ${layout.hop} (${((1000 * layout.hop) / layout.sampleRate).toFixed(1)} ms)`,
    );
    this.set(
      'latency',
      layout === null
        ? 'latency —'
        : `latency ${((1000 * layout.latencySamples) / layout.sampleRate).toFixed(0)} ms`,
    );
    const recording = state.recording;
    this.set(
      'recording',
      recording === null
        ? 'not recording'
        : `${recording.active ? '● REC' : 'recorded'} ${formatDuration(recording.seconds)} · ${formatBytes(recording.bytes)}`,
    );
    this.fields.recording.classList.toggle('active', recording?.active === true);
  }

  showStats(stats: HostStats): void {
    this.set('load', `CPU ${(stats.engineLoad * 100).toFixed(0)}%`);
    this.set(
      'dropped',
      `dropped ${stats.droppedBlocks}${stats.gapSamples > 0 ? ` · gaps ${stats.gapSamples} samples` : ''}`,
    );
    this.fields.dropped.classList.toggle('bad', stats.droppedBlocks > 0 || stats.gapSamples > 0);
  }
}
