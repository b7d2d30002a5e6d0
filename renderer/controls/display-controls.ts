/** Colour map, dB floor and ceiling (scalogram and second order), S2/S1, freeze. */
import { isColourMapName } from '../model/colour-maps.js';
import type { DisplaySettings } from '../model/display-settings.js';
import { byTestId } from './dom.js';

type DisplayChoice = Pick<
  DisplaySettings,
  'colourMap' | 'floorDb' | 'ceilingDb' | 's2FloorDb' | 's2CeilingDb' | 'normalised'
>;

export class DisplayControls {
  private readonly colourMap = byTestId('colour-map', HTMLSelectElement);
  private readonly floor = byTestId('floor-db', HTMLInputElement);
  private readonly ceiling = byTestId('ceiling-db', HTMLInputElement);
  private readonly s2Floor = byTestId('s2-floor-db', HTMLInputElement);
  private readonly s2Ceiling = byTestId('s2-ceiling-db', HTMLInputElement);
  private readonly normalised = byTestId('normalised', HTMLInputElement);
  private readonly freeze = byTestId('freeze', HTMLInputElement);

  constructor(
    initial: DisplayChoice,
    onChange: (choice: DisplayChoice) => void,
    onFreeze: (frozen: boolean) => void,
  ) {
    this.colourMap.value = initial.colourMap;
    this.floor.value = String(initial.floorDb);
    this.ceiling.value = String(initial.ceilingDb);
    this.s2Floor.value = String(initial.s2FloorDb);
    this.s2Ceiling.value = String(initial.s2CeilingDb);
    this.normalised.checked = initial.normalised;
    let current = initial;
    const changed = (): void => {
      const number = (input: HTMLInputElement, fallback: number): number => {
        const value = Number(input.value);
        return input.value.trim() !== '' && Number.isFinite(value) ? value : fallback;
      };
      current = {
        colourMap: isColourMapName(this.colourMap.value) ? this.colourMap.value : current.colourMap,
        floorDb: number(this.floor, current.floorDb),
        ceilingDb: number(this.ceiling, current.ceilingDb),
        s2FloorDb: number(this.s2Floor, current.s2FloorDb),
        s2CeilingDb: number(this.s2Ceiling, current.s2CeilingDb),
        normalised: this.normalised.checked,
      };
      onChange(current);
    };
    for (const control of [
      this.colourMap,
      this.floor,
      this.ceiling,
      this.s2Floor,
      this.s2Ceiling,
      this.normalised,
    ]) {
      control.addEventListener('change', changed);
    }
    this.freeze.addEventListener('change', () => onFreeze(this.freeze.checked));
  }

  toggleFreeze(): void {
    this.freeze.checked = !this.freeze.checked;
    this.freeze.dispatchEvent(new Event('change'));
  }
}
