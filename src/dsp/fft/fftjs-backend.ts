/**
 * Float64 FFTs on fft.js (radix-4, the fastest float64 FFT measured on npm).
 */
import FFT from 'fft.js';
import type { Sample } from '../engine-types.js';
import { assertPowerOfTwo, type FftBackend, type FftPlan } from './fft-plan.js';

/** fft.js's smallest transform. */
const MIN_SIZE = 4;

class FftJsPlan implements FftPlan {
  readonly size: number;
  private readonly fft: FFT;
  private readonly ownRealInput: Float64Array;
  private readonly ownComplexInput: Float64Array;
  private readonly ownComplexOutput: Float64Array;

  constructor(size: number) {
    assertPowerOfTwo(size, MIN_SIZE);
    this.size = size;
    this.fft = new FFT(size);
    this.ownRealInput = new Float64Array(size);
    this.ownComplexInput = new Float64Array(2 * size);
    this.ownComplexOutput = new Float64Array(2 * size);
  }

  realInput(): Sample {
    return this.ownRealInput;
  }

  realTransform(spectrum: Sample): void {
    this.fft.realTransform(spectrum, this.ownRealInput);
  }

  complexInput(): Sample {
    return this.ownComplexInput;
  }

  complexTransform(): Sample {
    this.fft.transform(this.ownComplexOutput, this.ownComplexInput);
    return this.ownComplexOutput;
  }

  realForward(input: Sample, spectrum: Sample): void {
    // fft.js fills bins 0..size/2 (the rest would come from completeSpectrum, not needed).
    this.fft.realTransform(spectrum, input);
  }

  complexForward(input: Sample, output: Sample): void {
    this.fft.transform(output, input);
  }
}

export function createFftJsBackend(): FftBackend {
  const plans = new Map<number, FftPlan>();
  return {
    precision: 'float64',
    minSize: MIN_SIZE,
    plan(size: number): FftPlan {
      let plan = plans.get(size);
      if (plan === undefined) {
        plan = new FftJsPlan(size);
        plans.set(size, plan);
      }
      return plan;
    },
    allocate: (length: number) => new Float64Array(length),
  };
}
