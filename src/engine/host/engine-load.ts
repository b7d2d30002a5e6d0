/**
 * Engine load for the status bar: the DSP worker's compute time per second of audio analysed
 * (1 = one core fully busy keeping up with real time), over the last stats interval.
 */
import type { LiveStatus } from '../live-analysis.js';

export class EngineLoadMeter {
  private computeMs = 0;
  private samples = 0;
  private lastWorker: LiveStatus['worker'] | null = null;
  private lastSamples = 0;

  /** Starts counting for a new analysis. */
  reset(status: LiveStatus): void {
    this.computeMs = 0;
    this.samples = 0;
    this.lastWorker = status.worker;
    this.lastSamples = status.samples;
  }

  /**
   * Every status of the analysis: a new worker status after a block carries that block's compute
   * time (the worker reports one per block it gives back).
   */
  update(status: LiveStatus): void {
    if (status.worker !== this.lastWorker) {
      if (status.worker.state === 'ready') this.computeMs += status.worker.lastComputeMs;
      this.lastWorker = status.worker;
    }
    this.samples += status.samples - this.lastSamples;
    this.lastSamples = status.samples;
  }

  /** The load since the last call, and a new interval. 0 when no audio was analysed. */
  take(sampleRate: number): number {
    const audioMs = (this.samples / sampleRate) * 1000;
    const load = audioMs > 0 ? this.computeMs / audioMs : 0;
    this.computeMs = 0;
    this.samples = 0;
    return load;
  }
}
