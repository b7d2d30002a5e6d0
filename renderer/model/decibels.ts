/** Amplitude to decibels (20·log10), with silence as -Infinity. */
export const toDb = (amplitude: number): number =>
  amplitude > 0 ? 20 * Math.log10(amplitude) : -Infinity;

/** "-12.3 dB", or "−∞ dB" for silence. */
export const formatDb = (db: number): string =>
  Number.isFinite(db) ? `${db.toFixed(1)} dB` : '−∞ dB';

/** "440 Hz", "1.25 kHz", "0.52 Hz". */
export function formatHz(hz: number): string {
  if (hz >= 1000) return `${(hz / 1000).toPrecision(3)} kHz`;
  return `${hz >= 10 ? hz.toFixed(0) : hz.toPrecision(2)} Hz`;
}
