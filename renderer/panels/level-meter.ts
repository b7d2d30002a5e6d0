/**
 * A horizontal level meter in dBFS (-60 to 0): the view's peak as a bar, RMS as a darker bar,
 * the highest peak of the last 1.5 s as a hold line, and a clip light that stays lit for 2 s
 * after a sample reaches full scale.
 */
import { formatDb } from '../model/decibels.js';

const RANGE_DB = 60;
const HOLD_MS = 1500;
const CLIP_MS = 2000;

export interface LevelMeterElements {
  readonly peakBar: HTMLElement;
  readonly rmsBar: HTMLElement;
  readonly holdLine: HTMLElement;
  readonly clipLight: HTMLElement;
  readonly readout: HTMLElement;
}

const fraction = (db: number | null): number =>
  db === null ? 0 : Math.min(1, Math.max(0, (db + RANGE_DB) / RANGE_DB));

export class LevelMeter {
  /** The peaks of the last HOLD_MS, oldest first (`at` in ms). */
  private readonly recent: { readonly at: number; readonly db: number }[] = [];
  private clipUntil = 0;

  constructor(private readonly elements: LevelMeterElements) {}

  /** The highest peak of the last HOLD_MS, or null after silence. */
  private hold(now: number, peakDb: number | null): number | null {
    if (peakDb !== null) this.recent.push({ at: now, db: peakDb });
    while ((this.recent[0]?.at ?? now) < now - HOLD_MS) this.recent.shift();
    return this.recent.reduce<number | null>(
      (highest, { db }) => (highest === null || db > highest ? db : highest),
      null,
    );
  }

  /** Shows a view's levels; `now` in ms (requestAnimationFrame's clock). */
  show(peakDb: number | null, rmsDb: number | null, clipped: boolean, now: number): void {
    const { peakBar, rmsBar, holdLine, clipLight, readout } = this.elements;
    const holdDb = this.hold(now, peakDb);
    if (clipped) this.clipUntil = now + CLIP_MS;
    peakBar.style.transform = `scaleX(${fraction(peakDb)})`;
    rmsBar.style.transform = `scaleX(${fraction(rmsDb)})`;
    holdLine.style.left = `${(fraction(holdDb) * 100).toFixed(2)}%`;
    const lit = now < this.clipUntil;
    clipLight.classList.toggle('lit', lit);
    clipLight.dataset.lit = String(lit);
    readout.textContent = `peak ${formatDb(peakDb ?? -Infinity)}FS · RMS ${formatDb(rmsDb ?? -Infinity)}FS · hold ${formatDb(holdDb ?? -Infinity)}FS`;
  }
}
