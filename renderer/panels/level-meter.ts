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
  private holdDb: number | null = null;
  private holdUntil = 0;
  private clipUntil = 0;

  constructor(private readonly elements: LevelMeterElements) {}

  /** Shows a view's levels; `now` in ms (requestAnimationFrame's clock). */
  show(peakDb: number | null, rmsDb: number | null, clipped: boolean, now: number): void {
    const { peakBar, rmsBar, holdLine, clipLight, readout } = this.elements;
    if (
      peakDb !== null &&
      (this.holdDb === null || peakDb >= this.holdDb || now > this.holdUntil)
    ) {
      this.holdDb = peakDb;
      this.holdUntil = now + HOLD_MS;
    } else if (peakDb === null && now > this.holdUntil) {
      this.holdDb = null;
    }
    if (clipped) this.clipUntil = now + CLIP_MS;
    peakBar.style.transform = `scaleX(${fraction(peakDb)})`;
    rmsBar.style.transform = `scaleX(${fraction(rmsDb)})`;
    holdLine.style.left = `${(fraction(this.holdDb) * 100).toFixed(2)}%`;
    const lit = now < this.clipUntil;
    clipLight.classList.toggle('lit', lit);
    clipLight.dataset.lit = String(lit);
    readout.textContent = `peak ${formatDb(peakDb ?? -Infinity)}FS · RMS ${formatDb(rmsDb ?? -Infinity)}FS · hold ${formatDb(this.holdDb ?? -Infinity)}FS`;
  }
}
