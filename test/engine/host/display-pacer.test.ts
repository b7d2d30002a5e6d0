/**
 * Display packets go out as data comes, at most once per interval, and no timer runs while
 * nothing new arrives (src/engine/host/display-pacer.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DisplayPacer } from '../../../src/engine/host/display-pacer.js';

describe('display pacer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at once, in the same turn, when the last run is older than the interval', () => {
    let runs = 0;
    const pacer = new DisplayPacer(33, () => runs++);
    pacer.request();
    expect(runs).toBe(1);
    vi.advanceTimersByTime(43);
    pacer.request();
    expect(runs).toBe(2);
    // Data every 43 ms never needs a timer.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gathers requests within the interval into one run at its end', () => {
    let runs = 0;
    const pacer = new DisplayPacer(33, () => runs++);
    pacer.request();
    vi.advanceTimersByTime(10);
    pacer.request();
    pacer.request();
    expect(runs).toBe(1);
    vi.advanceTimersByTime(22);
    expect(runs).toBe(1);
    vi.advanceTimersByTime(1);
    expect(runs).toBe(2);
  });

  it('leaves no timer once nothing new is asked for', () => {
    let runs = 0;
    const pacer = new DisplayPacer(33, () => runs++);
    pacer.request();
    pacer.request();
    vi.advanceTimersByTime(1000);
    expect(runs).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs at once on demand, cancelling a pending run, and not at all once closed', () => {
    let runs = 0;
    const pacer = new DisplayPacer(33, () => runs++);
    pacer.request();
    pacer.request();
    pacer.runNow();
    expect(runs).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(100);
    pacer.request();
    pacer.close();
    pacer.request();
    vi.advanceTimersByTime(100);
    expect(runs).toBe(3);
    expect(vi.getTimerCount()).toBe(0);
  });
});
