/**
 * What the page displays, as data: `window.__scatterscopeTest`, read by the end-to-end tests
 * (and handy in the developer console). Read-only views; nothing here changes the page.
 */
import type { HostState } from '../../src/protocol/ui-messages.js';
import type { DisplayedHeatmap } from '../panels/scalogram-panel.js';

export interface ScatterscopeTestHook {
  /** The host's latest state. */
  readonly state: () => HostState | null;
  /** The scalogram's columns (oldest first), in dB per band (ascending frequency). */
  readonly scalogram: () => DisplayedHeatmap | null;
  /** The second-order heatmap, with the λ1 it shows. */
  readonly secondOrder: () => (DisplayedHeatmap & { readonly lambda1Hz: number }) | null;
  /** The latest frame's λ1 × λ2 matrix in dB (NaN where no path exists). */
  readonly matrix: () => {
    firstHz: readonly number[];
    modulationHz: readonly number[];
    db: number[][];
  } | null;
  /** Viewport coordinates (CSS px) of frequency `hz` on the scalogram, for clicks. */
  readonly scalogramPoint: (hz: number) => { x: number; y: number } | null;
  /** Animation-frame intervals and the page's work per frame, in ms. */
  readonly frameTiming: () => { intervalsMs: number[]; workMs: number[] };
  readonly resetFrameTiming: () => void;
  /** Whether the display is frozen. */
  readonly frozen: () => boolean;
}

declare global {
  interface Window {
    __scatterscopeTest?: ScatterscopeTestHook;
  }
}

export function exposeTestHook(hook: ScatterscopeTestHook): void {
  window.__scatterscopeTest = Object.freeze(hook);
}
