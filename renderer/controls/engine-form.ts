/**
 * The engine parameters J, Q1, Q2, T, oversampling and maximum order: shown from the host's
 * state, sent with `set-engine` on Apply (analysis restarts; a recording goes on untouched).
 */
import type { UiEngineParams } from '../../src/protocol/ui-messages.js';
import { byTestId } from './dom.js';

export class EngineForm {
  private readonly J = byTestId('engine-J', HTMLInputElement);
  private readonly Q1 = byTestId('engine-Q1', HTMLInputElement);
  private readonly Q2 = byTestId('engine-Q2', HTMLInputElement);
  private readonly T = byTestId('engine-T', HTMLInputElement);
  private readonly oversampling = byTestId('engine-oversampling', HTMLInputElement);
  private readonly maxOrder = byTestId('engine-max-order', HTMLSelectElement);
  private readonly apply = byTestId('apply-engine', HTMLButtonElement);
  /** Edited since last shown: the host's state does not overwrite the user's typing. */
  private edited = false;
  private shown: UiEngineParams | null = null;

  constructor(onApply: (params: UiEngineParams) => void) {
    for (const input of [this.J, this.Q1, this.Q2, this.T, this.oversampling, this.maxOrder]) {
      input.addEventListener('input', () => {
        this.edited = true;
      });
    }
    this.apply.addEventListener('click', () => {
      const params = this.read();
      if (params === null) return;
      this.edited = false;
      onApply(params);
    });
  }

  show(params: UiEngineParams): void {
    if (this.edited && this.shown !== null) return;
    this.shown = params;
    this.J.value = String(params.J);
    this.Q1.value = String(params.Q1);
    this.Q2.value = String(params.Q2);
    this.T.value = params.T === null ? '' : String(params.T);
    this.oversampling.value = String(params.oversampling);
    this.maxOrder.value = String(params.maxOrder);
  }

  /** The form's parameters, or null (with the bad field marked invalid) when one is not valid. */
  read(): UiEngineParams | null {
    const integer = (input: HTMLInputElement): number | null => {
      const value = Number(input.value);
      const ok = input.value.trim() !== '' && Number.isInteger(value);
      input.setCustomValidity(ok ? '' : 'a whole number');
      if (!ok) input.reportValidity();
      return ok ? value : null;
    };
    const J = integer(this.J);
    const Q1 = integer(this.Q1);
    const Q2 = integer(this.Q2);
    const oversampling = integer(this.oversampling);
    const T = this.T.value.trim() === '' ? null : integer(this.T);
    if (J === null || Q1 === null || Q2 === null || oversampling === null) return null;
    if (this.T.value.trim() !== '' && T === null) return null;
    return { J, Q1, Q2, T, oversampling, maxOrder: this.maxOrder.value === '1' ? 1 : 2 };
  }
}
