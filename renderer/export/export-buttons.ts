/**
 * The Export buttons: the panels as PNG, the visible window as NPY or CSV, saved through the
 * desktop bridge or as a download. A failure (nothing shown yet, a cancelled write) becomes a
 * notice.
 */
import type { DesktopBridge } from '../../src/protocol/desktop-bridge.js';
import { byTestId } from '../controls/dom.js';
import type { AnalysisView } from '../model/analysis-view.js';
import { panelsPng } from './panel-image.js';
import { exportBaseName, saveFile } from './save-file.js';
import { visibleCsv, visibleNpy } from './visible-window.js';

export interface ExportSources {
  readonly bridge: DesktopBridge | null;
  /** The displayed analysis, or null before any. */
  readonly view: () => AnalysisView | null;
  /** The panels' canvases, top to bottom. */
  readonly canvases: () => HTMLCanvasElement[];
  readonly onError: (message: string) => void;
}

export function bindExportButtons(sources: ExportSources): void {
  const save = (extension: string, bytes: () => Promise<Uint8Array> | Uint8Array): void => {
    const name = `${exportBaseName(new Date())}.${extension}`;
    void Promise.resolve()
      .then(bytes)
      .then((data) => saveFile(sources.bridge, name, data))
      .catch((error: unknown) => {
        sources.onError(
          `export ${extension}: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
  };
  const withView = (make: (view: AnalysisView) => Uint8Array) => (): Uint8Array => {
    const view = sources.view();
    if (view === null || view.history.size === 0) throw new Error('nothing to export yet');
    return make(view);
  };
  byTestId('export-png', HTMLButtonElement).addEventListener('click', () => {
    save('png', () => panelsPng(sources.canvases()));
  });
  byTestId('export-npy', HTMLButtonElement).addEventListener('click', () => {
    save('npy', withView(visibleNpy));
  });
  byTestId('export-csv', HTMLButtonElement).addEventListener('click', () => {
    save('csv', withView(visibleCsv));
  });
}
