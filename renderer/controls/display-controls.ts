/** Colour map, dB floor and ceiling (scalogram and second order), S2/S1, freeze. */
import { colourTable, isColourMapName, type ColourMapName } from '../model/colour-maps.js';
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
  private readonly scale = byTestId('colour-scale', HTMLCanvasElement);

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
    this.paintScale(initial.colourMap);
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
      this.paintScale(current.colourMap);
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

  /** The colour map from floor (left) to ceiling (right), one pixel per table entry. */
  private paintScale(name: ColourMapName): void {
    const context = this.scale.getContext('2d');
    if (context === null) return;
    const table = colourTable(name);
    const image = new ImageData(this.scale.width, 1);
    const pixels = new Uint32Array(image.data.buffer);
    for (let x = 0; x < pixels.length; x++)
      pixels[x] = table[Math.round((x / (pixels.length - 1)) * 255)] ?? 0;
    context.putImageData(image, 0, 0);
  }

  toggleFreeze(): void {
    this.freeze.checked = !this.freeze.checked;
    this.freeze.dispatchEvent(new Event('change'));
  }
}
