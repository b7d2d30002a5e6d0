/**
 * What the tests read from the page's `window.__scatterscopeTest` (renderer/display/
 * test-hook.ts), typed here without the DOM library the tests are compiled without.
 */
import type { Page } from 'playwright-core';
import type { HostState } from '../../../src/protocol/ui-messages.js';

export interface DisplayedHeatmap {
  readonly bandsHz: readonly number[];
  readonly seconds: readonly number[];
  /** [column][band], dB; -Infinity (sent as null) for silence. */
  readonly db: readonly (readonly (number | null)[])[];
}

export interface SecondOrderHeatmap extends DisplayedHeatmap {
  readonly lambda1Hz: number;
}

export interface FrameTimingSnapshot {
  readonly intervalsMs: readonly number[];
  readonly workMs: readonly number[];
}

/** Calls a method of the page's test hook and returns its result. */
async function call<T>(page: Page, method: string, argument?: number): Promise<T> {
  const args = argument === undefined ? '' : String(argument);
  return page.evaluate<T>(`window.__scatterscopeTest.${method}(${args})`);
}

export const pageHook = {
  state: (page: Page) => call<HostState | null>(page, 'state'),
  scalogram: (page: Page) => call<DisplayedHeatmap | null>(page, 'scalogram'),
  secondOrder: (page: Page) => call<SecondOrderHeatmap | null>(page, 'secondOrder'),
  scalogramPoint: (page: Page, hz: number) =>
    call<{ x: number; y: number } | null>(page, 'scalogramPoint', hz),
  frameTiming: (page: Page) => call<FrameTimingSnapshot>(page, 'frameTiming'),
  resetFrameTiming: (page: Page) => call<undefined>(page, 'resetFrameTiming'),
};

/** Polls `read` until `accept` holds (then returns the value) or `timeoutMs` passes (throws). */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}
