/**
 * Frame rate and main-thread cost of the display, measured in the page over a window of time:
 * animation-frame intervals and the page's own work per frame (from its test hook), and the
 * renderer's total main-thread task time (Chrome DevTools Protocol `Performance.getMetrics`,
 * which includes style, layout and paint) divided by the frames drawn.
 */
import type { Page } from 'playwright-core';
import { pageHook } from './page-hook.js';

export interface DisplayTiming {
  readonly frames: number;
  readonly seconds: number;
  readonly fps: number;
  readonly intervalP50Ms: number;
  readonly intervalP99Ms: number;
  readonly workP50Ms: number;
  readonly workP99Ms: number;
  /** Main-thread task time per animation frame, mean, ms. */
  readonly mainThreadPerFrameMs: number;
}

export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

/** Measures the display for `seconds` while whatever drives it goes on. */
export async function measureDisplay(page: Page, seconds: number): Promise<DisplayTiming> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  /** The renderer's main-thread task time so far, in seconds. */
  const taskSeconds = async (): Promise<number> => {
    const { metrics } = await session.send('Performance.getMetrics');
    return metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? Number.NaN;
  };
  await pageHook.resetFrameTiming(page);
  const tasksBefore = await taskSeconds();
  await page.waitForTimeout(seconds * 1000);
  const tasksAfter = await taskSeconds();
  await session.detach();
  const timing = await pageHook.frameTiming(page);
  const frames = timing.workMs.length;
  const elapsed = timing.intervalsMs.reduce((sum, interval) => sum + interval, 0) / 1000;
  return {
    frames,
    seconds: elapsed,
    fps: timing.intervalsMs.length / elapsed,
    intervalP50Ms: percentile(timing.intervalsMs, 0.5),
    intervalP99Ms: percentile(timing.intervalsMs, 0.99),
    workP50Ms: percentile(timing.workMs, 0.5),
    workP99Ms: percentile(timing.workMs, 0.99),
    mainThreadPerFrameMs: ((tasksAfter - tasksBefore) * 1000) / Math.max(1, frames),
  };
}

export function describeTiming(timing: DisplayTiming): string {
  const ms = (value: number): string => `${value.toFixed(2)} ms`;
  return [
    `display: ${timing.fps.toFixed(1)} fps over ${timing.seconds.toFixed(1)} s (${timing.frames} frames; target 60)`,
    `frame interval p50 ${ms(timing.intervalP50Ms)}, p99 ${ms(timing.intervalP99Ms)}`,
    `page work per frame p50 ${ms(timing.workP50Ms)}, p99 ${ms(timing.workP99Ms)} (target p99 < 8 ms)`,
    `main-thread task time per frame (mean, incl. style/layout/paint) ${ms(timing.mainThreadPerFrameMs)}`,
  ].join('\n');
}
