/**
 * What the desktop app's preload script exposes to the page as `window.scatterscopeDesktop`
 * (Electron contextBridge). The page itself talks to the engine host over a MessagePort with
 * the messages of `ui-messages.ts`; the preload delivers that port with a window message
 * `{ type: ENGINE_PORT_MESSAGE }` (ports[0]), since contextBridge cannot pass a MessagePort.
 *
 * Only what needs the main process lives here: native dialogs, which then hand the chosen path
 * to the engine host themselves (the page never sees or sends a path it could forge).
 */

export const ENGINE_PORT_MESSAGE = 'scatterscope:engine-port';

/** The property of `window` that holds the bridge in the desktop app (absent in a browser). */
export const DESKTOP_BRIDGE_GLOBAL = 'scatterscopeDesktop';

/** What the app's menu asks the page to do (the same as its keyboard shortcuts). */
export type MenuCommand = 'open-file' | 'open-session' | 'toggle-recording' | 'toggle-pause';

export interface DesktopBridge {
  /** Asks the main process for the engine port; it arrives as a window message. */
  requestEnginePort(): void;
  /**
   * Shows an open dialog for an audio file or a session folder and offers the choice to the
   * engine host. Resolves with the new source's id, or null when the user cancelled.
   */
  openSource(kind: 'file' | 'session'): Promise<string | null>;
  /** Shows a folder dialog and makes it the host's recordings folder; null when cancelled. */
  chooseRecordingsFolder(): Promise<string | null>;
  /**
   * Shows a save dialog and writes `bytes` to the chosen file. Resolves with the file's path, or
   * null when the user cancelled.
   */
  saveFile(suggestedName: string, bytes: Uint8Array): Promise<string | null>;
  /** Listens to the app menu's commands; returns a function that stops listening. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}
