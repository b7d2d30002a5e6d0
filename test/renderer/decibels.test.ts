/**
 * Levels and frequencies as the panels' readouts print them: amplitudes in dB (silence is
 * −∞ dB, never a number), and frequencies in Hz or kHz.
 */
import { describe, expect, it } from 'vitest';
import { formatDb, formatHz, toDb } from '../../renderer/model/decibels.js';

describe('toDb', () => {
  it('is 20·log10 of an amplitude: full scale 0 dB, half −6.02 dB, a tenth −20 dB', () => {
    expect(toDb(1)).toBe(0);
    expect(toDb(0.5)).toBeCloseTo(-6.0206, 4);
    expect(toDb(0.1)).toBeCloseTo(-20, 12);
    expect(toDb(1e-4)).toBeCloseTo(-80, 12);
    expect(toDb(2)).toBeCloseTo(6.0206, 4);
  });

  it('gives −Infinity for silence, not a large negative number', () => {
    expect(toDb(0)).toBe(-Infinity);
    expect(toDb(-0)).toBe(-Infinity);
  });

  it('still gives a finite level for the smallest float32 amplitude', () => {
    const smallest = 1.401298464324817e-45; // float32's smallest subnormal
    expect(toDb(smallest)).toBeCloseTo(-897.07, 2);
  });
});

describe('formatDb', () => {
  it('prints one decimal and the unit', () => {
    expect(formatDb(-12.34)).toBe('-12.3 dB');
    expect(formatDb(-80)).toBe('-80.0 dB');
    expect(formatDb(0)).toBe('0.0 dB');
    expect(formatDb(3.96)).toBe('4.0 dB');
  });

  it('prints silence as −∞ dB', () => {
    expect(formatDb(toDb(0))).toBe('−∞ dB');
    expect(formatDb(-Infinity)).toBe('−∞ dB');
  });
});

describe('formatHz', () => {
  it('prints whole hertz from 10 Hz to below 1 kHz', () => {
    expect(formatHz(440)).toBe('440 Hz');
    expect(formatHz(43.75)).toBe('44 Hz');
    expect(formatHz(10)).toBe('10 Hz');
  });

  it('prints kHz with three significant digits from 1 kHz', () => {
    expect(formatHz(1000)).toBe('1.00 kHz');
    expect(formatHz(1250)).toBe('1.25 kHz');
    expect(formatHz(19200.296)).toBe('19.2 kHz');
    expect(formatHz(22050)).toBe('22.1 kHz');
  });

  it('prints two significant digits below 10 Hz (modulation frequencies)', () => {
    expect(formatHz(0.52)).toBe('0.52 Hz');
    expect(formatHz(5.3833)).toBe('5.4 Hz');
    expect(formatHz(0.0657)).toBe('0.066 Hz');
  });
});
